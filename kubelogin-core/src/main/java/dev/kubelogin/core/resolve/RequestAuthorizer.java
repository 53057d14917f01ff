package dev.kubelogin.core.resolve;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.TokenProvider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The request headers a resolved context calls for — {@code Authorization} and {@code
 * Impersonate-*} — and what to send again after the server answers 401. This is what an HTTP client
 * adapter needs; the fabric8 and client-java adapters are built on it, and a program on {@code
 * java.net.http} can use it the same way:
 *
 * <pre>{@code
 * RequestAuthorizer auth = RequestAuthorizer.of(context);
 * HttpRequest.Builder b = HttpRequest.newBuilder(uri);
 * auth.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
 * HttpResponse<String> r = http.send(b.build(), ofString());
 * if (r.statusCode() == 401) {
 *   Optional<String> again = auth.afterUnauthorized(r.request().headers().firstValue("Authorization").orElse(null));
 *   // when present: send once more with this Authorization value
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #headers()} costs a cached {@link TokenProvider#token()} call when the
 * token is fresh; it blocks while a refresh or login runs.
 */
public final class RequestAuthorizer {
  private final TokenProvider tokens;
  private final String basic;
  private final Map<String, List<String>> impersonation;
  private final AtomicReference<AccessToken> lastSent = new AtomicReference<>();

  private RequestAuthorizer(
      TokenProvider tokens, String basic, Map<String, List<String>> impersonation) {
    this.tokens = tokens;
    this.basic = basic;
    this.impersonation = impersonation;
  }

  /** The authorizer for {@code context}'s credentials and impersonation. */
  public static RequestAuthorizer of(ResolvedContext context) {
    Credentials c = context.credentials();
    String basic = null;
    if (c.username().isPresent()) {
      String pair = c.username().get() + ":" + c.password().orElse("");
      basic = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    return new RequestAuthorizer(
        c.tokenProvider().orElse(null),
        basic,
        context.impersonation().map(Impersonation::headers).orElse(Map.of()));
  }

  /** An authorizer that sends bearer tokens from {@code tokens} and nothing else. */
  public static RequestAuthorizer of(TokenProvider tokens) {
    return new RequestAuthorizer(Objects.requireNonNull(tokens, "tokens"), null, Map.of());
  }

  /**
   * The headers to add to a request: {@code Authorization} (a bearer token, else basic auth, else
   * none: client certificates work in the TLS handshake) and the impersonation headers.
   *
   * @throws dev.kubelogin.core.KubeloginException when no token can be obtained
   */
  public Map<String, List<String>> headers() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    authorization().ifPresent(a -> headers.put("Authorization", List.of(a)));
    headers.putAll(impersonation);
    return headers;
  }

  /**
   * The {@code Authorization} value for the next request, if the context has one.
   *
   * @throws dev.kubelogin.core.KubeloginException when no token can be obtained
   */
  public Optional<String> authorization() {
    if (tokens == null) {
      return Optional.ofNullable(basic);
    }
    AccessToken token = tokens.token();
    lastSent.set(token);
    return Optional.of("Bearer " + token.value());
  }

  /**
   * Called when the server answered 401 to a request sent with {@code sentAuthorization}: drops
   * that token from the caches (once, however many requests saw it fail) and returns the {@code
   * Authorization} value to retry with, or empty when retrying cannot help (no token source, or the
   * source has nothing newer). Retry at most once per request.
   *
   * @param sentAuthorization the {@code Authorization} header of the rejected request, or null
   * @throws dev.kubelogin.core.KubeloginException when a new token cannot be obtained
   */
  public Optional<String> afterUnauthorized(String sentAuthorization) {
    if (tokens == null) {
      return Optional.empty();
    }
    AccessToken last = lastSent.get();
    if (last != null && ("Bearer " + last.value()).equals(sentAuthorization)) {
      tokens.invalidate(last);
    }
    String next = authorization().orElseThrow();
    return next.equals(sentAuthorization) ? Optional.empty() : Optional.of(next);
  }

  @Override
  public String toString() {
    return "RequestAuthorizer{tokens="
        + tokens
        + ", basic="
        + (basic != null)
        + ", impersonation="
        + impersonation.keySet()
        + "}";
  }
}
