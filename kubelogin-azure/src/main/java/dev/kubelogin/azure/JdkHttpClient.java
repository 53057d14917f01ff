package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;

/**
 * msal4j's HTTP seam on {@link java.net.http.HttpClient}: a connect timeout, a response timeout, a
 * proxy selector (the environment's, as the Go tool uses it) and the JVM's TLS settings.
 * Thread-safe.
 */
final class JdkHttpClient implements IHttpClient {
  private static final java.util.Set<String> RESTRICTED =
      java.util.Set.of("connection", "content-length", "host", "expect", "upgrade");

  private final HttpClient client;
  private final Duration responseTimeout;

  JdkHttpClient(Duration connectTimeout, Duration responseTimeout, ProxySelector proxies) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(proxies)
            .build();
    this.responseTimeout = responseTimeout;
  }

  @Override
  public IHttpResponse send(HttpRequest request) throws Exception {
    return send(request, URI.create(request.url().toString()));
  }

  /** Sends {@code request} to {@code target} instead of its own URL. */
  IHttpResponse send(HttpRequest request, URI target) throws Exception {
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(target).timeout(responseTimeout);
    if (request.headers() != null) {
      for (Map.Entry<String, String> h : request.headers().entrySet()) {
        if (!RESTRICTED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
          b.header(h.getKey(), h.getValue());
        }
      }
    }
    String body = request.body() == null ? "" : request.body();
    b.method(
        request.httpMethod().name(),
        body.isEmpty()
            ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    java.net.http.HttpResponse<String> r = client.send(b.build(), BodyHandlers.ofString());
    com.microsoft.aad.msal4j.HttpResponse out = new com.microsoft.aad.msal4j.HttpResponse();
    out.statusCode(r.statusCode());
    out.body(r.body());
    out.addHeaders(r.headers().map());
    return out;
  }
}
