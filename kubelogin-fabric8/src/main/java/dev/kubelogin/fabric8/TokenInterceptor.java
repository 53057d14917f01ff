package dev.kubelogin.fabric8;

import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.resolve.RequestAuthorizer;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
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
 * <p>fabric8 also sends a whole request again, interceptors included, after an {@code IOException}
 * or a 429/5xx answer (its exponential back-off) — for example when the retry after a 401 finds its
 * pooled connection closed. fabric8 builds each attempt's request anew, but all attempts of one
 * call share the body consumer the call passed in, so the 401 retry is remembered per consumer:
 * when the token a call was retried with is rejected too, the 401 goes back to the caller instead
 * of starting a second refresh.
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

  // Weak maps compare keys with equals, which fabric8's request and consumer classes leave as
  // identity; entries go when fabric8 drops the request or the call.
  /** Per attempt (the request fabric8 sent): the body consumer of the call it belongs to. */
  private final Map<HttpRequest, Object> callOfAttempt =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Per call (its body consumer): the Authorization value it was sent again with after a 401. */
  private final Map<Object, String> retriedWith = Collections.synchronizedMap(new WeakHashMap<>());

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
  public AsyncBody.Consumer<List<ByteBuffer>> consumer(
      AsyncBody.Consumer<List<ByteBuffer>> consumer, HttpRequest request) {
    callOfAttempt.put(request, consumer);
    return consumer;
  }

  @Override
  public CompletableFuture<Boolean> afterFailure(
      BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
    if (response.code() != 401) {
      return CompletableFuture.completedFuture(false);
    }
    String sent = response.request().header("Authorization");
    Object call = callOfAttempt.get(response.request());
    if (sent != null && call != null && sent.equals(retriedWith.get(call))) {
      // fabric8 sent this request again after the 401 retry failed; the retry's token is refused
      // too, so this request has had its one refresh.
      return CompletableFuture.completedFuture(false);
    }
    return CompletableFuture.supplyAsync(() -> authorizer.afterUnauthorized(sent), REFRESHES)
        .thenApply(
            next -> {
              next.ifPresent(
                  value -> {
                    builder.setHeader("Authorization", value);
                    if (call != null) {
                      retriedWith.put(call, value);
                    }
                  });
              return next.isPresent();
            });
  }

  @Override
  public String toString() {
    return "TokenInterceptor{" + authorizer + "}";
  }
}
