package dev.kubelogin.core;

import java.util.Objects;

/**
 * A source of {@link AccessToken}s for the Kubernetes API server.
 *
 * <p>Implementations are thread-safe. {@link #token()} blocks until it has a token that is valid
 * now; it may return a cached one. Failures are unchecked {@link KubeloginException}s whose subtype
 * names the situation.
 *
 * <p>Sources that talk to an identity provider do not cache; wrap them with {@link
 * #cached(TokenProvider, RefreshPolicy)} (or {@link CachingTokenProvider#builder(TokenProvider)})
 * to get early refresh, a single refresh in flight, and a lock-free hot path.
 */
@FunctionalInterface
public interface TokenProvider {

  /**
   * Returns a token that is valid now.
   *
   * @throws CredentialUnavailableException if this source does not apply here
   * @throws AuthenticationFailedException if it applied and failed
   * @throws InteractionRequiredException if a login needs a person and none is available
   * @throws InvalidConfigurationException if its configuration is wrong
   */
  AccessToken token();

  /**
   * Tells the provider that the server rejected {@code rejected} (HTTP 401), so the next {@link
   * #token()} must not return it. Concurrent calls for the same token lead to one refresh; a call
   * for a token that has already been replaced does nothing. The default does nothing, which suits
   * providers that do not cache.
   *
   * @param rejected the token the server rejected
   */
  default void invalidate(AccessToken rejected) {}

  /**
   * Returns a provider that always returns {@code token}, for static kubeconfig tokens and tests.
   */
  static TokenProvider of(AccessToken token) {
    Objects.requireNonNull(token, "token");
    return () -> token;
  }

  /**
   * Returns {@code source} behind a cache with the given refresh policy and the system clock.
   *
   * @see CachingTokenProvider
   */
  static TokenProvider cached(TokenProvider source, RefreshPolicy policy) {
    return CachingTokenProvider.builder(source).refreshPolicy(policy).build();
  }
}
