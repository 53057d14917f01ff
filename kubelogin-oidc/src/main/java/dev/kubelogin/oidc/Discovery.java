package dev.kubelogin.oidc;

import dev.kubelogin.core.AuthenticationFailedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Fetches and caches discovery documents ({@code <issuer>/.well-known/openid-configuration}), one
 * fetch per issuer per hour per instance. Failures are not cached. Thread-safe.
 */
final class Discovery {
  static final Duration TTL = Duration.ofHours(1);

  private final IdpTransport transport;
  private final Clock clock;
  private final ProviderMetadata.Overrides overrides;
  private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();

  private static final class Cached {
    final ProviderMetadata metadata;
    final long fetchedAt;

    Cached(ProviderMetadata metadata, long fetchedAt) {
      this.metadata = metadata;
      this.fetchedAt = fetchedAt;
    }
  }

  /**
   * @param transport how to reach the identity provider
   * @param clock the clock for the cache's lifetime
   */
  Discovery(IdpTransport transport, Clock clock) {
    this(transport, clock, ProviderMetadata.Overrides.NONE);
  }

  /**
   * @param overrides endpoints that replace or complete each fetched document
   */
  Discovery(IdpTransport transport, Clock clock, ProviderMetadata.Overrides overrides) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.overrides = Objects.requireNonNull(overrides, "overrides");
  }

  /**
   * Returns the metadata of {@code issuer}, from the cache when fetched within the last hour.
   *
   * @throws AuthenticationFailedException when the document cannot be fetched or is invalid; the
   *     message says what came back
   */
  ProviderMetadata metadata(String issuer) {
    long now = clock.millis();
    Cached c = cache.get(issuer);
    if (c != null && now - c.fetchedAt < TTL.toMillis()) {
      return c.metadata;
    }
    String url = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
    IdpTransport.Response r = transport.get(url);
    if (r.status != 200) {
      throw new AuthenticationFailedException(
          "oidc discovery error: GET " + url + " answered HTTP " + r.status + snippet(r.body));
    }
    if (r.contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/html")) {
      throw new AuthenticationFailedException(
          "oidc discovery error: GET "
              + url
              + " answered an HTML page, not JSON; check the issuer URL");
    }
    ProviderMetadata metadata = ProviderMetadata.parse(r.body, issuer, overrides);
    cache.put(issuer, new Cached(metadata, now));
    return metadata;
  }

  /** The start of an error body, without control characters, for messages. */
  static String snippet(String body) {
    String s = body.replaceAll("[\\p{Cntrl}]+", " ").strip();
    if (s.isEmpty()) {
      return "";
    }
    return ": " + (s.length() > 200 ? s.substring(0, 200) + "…" : s);
  }
}
