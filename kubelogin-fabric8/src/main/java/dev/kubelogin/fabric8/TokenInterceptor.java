package dev.kubelogin.fabric8;

import dev.kubelogin.core.resolve.RequestAuthorizer;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Takes the place of fabric8's {@code "TOKEN"} interceptor: every request gets the context's {@code
 * Authorization} and {@code Impersonate-*} headers from a {@link RequestAuthorizer}; a 401 drops
 * the rejected token, gets a new one (once for all requests that saw the same token fail) and asks
 * fabric8 to send the request again with it. fabric8 retries once.
 *
 * <p>The refresh after a 401 runs on a daemon thread of its own, never on the HTTP client's event
 * loop; {@link #before} asks the cached provider, which answers from memory until the token nears
 * its expiry.
 */
final class TokenInterceptor implements Interceptor {
  static final String NAME = "TOKEN";
  private static final ExecutorService REFRESHES =
      Executors.newCachedThreadPool(
          new ThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "kubelogin-fabric8-refresh");
              t.setDaemon(true);
              return t;
            }
          });

  private final RequestAuthorizer authorizer;

  TokenInterceptor(RequestAuthorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    for (Map.Entry<String, List<String>> header : authorizer.headers().entrySet()) {
      List<String> values = header.getValue();
      builder.setHeader(header.getKey(), values.get(0));
      for (String more : values.subList(1, values.size())) {
        builder.header(header.getKey(), more);
      }
    }
  }

  @Override
  public CompletableFuture<Boolean> afterFailure(
      BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
    if (response.code() != 401) {
      return CompletableFuture.completedFuture(false);
    }
    String sent = response.request().header("Authorization");
    return CompletableFuture.supplyAsync(() -> authorizer.afterUnauthorized(sent), REFRESHES)
        .thenApply(
            next -> {
              next.ifPresent(value -> builder.setHeader("Authorization", value));
              return next.isPresent();
            });
  }

  @Override
  public String toString() {
    return "TokenInterceptor{" + authorizer + "}";
  }
}
