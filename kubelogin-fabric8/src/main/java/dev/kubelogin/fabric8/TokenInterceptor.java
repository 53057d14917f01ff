package dev.kubelogin.fabric8;

import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.KubeloginException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the place of fabric8's {@code "TOKEN"} interceptor: every request gets the context's {@code
 * Authorization} and {@code Impersonate-*} headers from a {@link RequestAuthorizer}; a 401 drops
 * the rejected token, gets a new one (once for all requests that saw the same token fail) and asks
 * fabric8 to send the request again with it. fabric8 retries once.
 *
 * <p>The refresh after a 401 runs on a daemon thread of its own, never on the HTTP client's event
 * loop; {@link #before} asks the cached provider, which answers from memory until the token nears
 * its expiry.
 *
 * <p>When no token can be had for now (the identity provider is down or answers with an error), the
 * request goes out without credentials, and the server's 401 brings it back to {@link
 * #afterFailure}, which tries once more and fails the request with the reason. fabric8 sees a
 * failed request, so watches and informers retry with their back-off and recover when the provider
 * does; an exception thrown from here would end a watch for good. A login that needs a person
 * ({@link InteractionRequiredException}) or a wrong configuration is thrown at once: no retry can
 * mend those.
 */
final class TokenInterceptor implements Interceptor {
  static final String NAME = "TOKEN";
  private static final Logger log = LoggerFactory.getLogger(TokenInterceptor.class);
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
    Map<String, List<String>> headers;
    try {
      headers = authorizer.headers();
    } catch (InteractionRequiredException | InvalidConfigurationException e) {
      throw e;
    } catch (KubeloginException e) {
      log.debug("no token for now, the request goes without one: {}", e.getMessage());
      return;
    }
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
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
