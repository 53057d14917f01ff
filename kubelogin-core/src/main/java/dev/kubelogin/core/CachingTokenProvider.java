package dev.kubelogin.core;

import java.time.Clock;
import java.util.Objects;

/**
 * A {@link TokenProvider} that caches the tokens of another one and refreshes them before they
 * expire, following a {@link RefreshPolicy}.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Outside the refresh windows {@link #token()} takes no lock: a volatile read and a clock
 *       read.
 *   <li>At most one call to the source is in flight at a time, whatever the number of threads: when
 *       64 threads cross the expiry together, the source runs once.
 *   <li>Advisory window: the caller that notices refreshes; others keep the current token. A
 *       failure is logged (without secrets), the current token is served, and the next attempt
 *       waits {@link RefreshPolicy#advisoryRetryDelay()}. An {@link AuthenticationFailedException}
 *       with {@link AuthenticationFailedException#credentialRejected()} is thrown at once instead
 *       and the cached token dropped.
 *   <li>Mandatory window, expiry, nothing cached, or after {@link #invalidate(AccessToken)}: every
 *       caller waits for the single refresh, at most {@link RefreshPolicy#maxWait()}; its failure
 *       is thrown to all of them. Failures are not cached: the next call tries again.
 *   <li>A token without an expiry is served until it is invalidated.
 * </ul>
 *
 * <p>Thread-safe. Holds no threads, so there is nothing to close.
 */
public final class CachingTokenProvider implements TokenProvider {

  private final TokenProvider source;
  private final CachedSupplier<AccessToken> cache;

  private CachingTokenProvider(Builder b) {
    this.source = b.source;
    this.cache =
        CachedSupplier.<AccessToken>builder(
                () -> {
                  AccessToken t = source.token();
                  return CachedSupplier.Loaded.of(
                      t, t.expiresAt().orElse(null), t.refreshAt().orElse(null));
                })
            .name("token from " + b.source.getClass().getSimpleName())
            .refreshPolicy(b.policy)
            .clock(b.clock)
            .build();
  }

  /** Returns a builder that caches the tokens of {@code source}. */
  public static Builder builder(TokenProvider source) {
    return new Builder(source);
  }

  /**
   * Returns the cached token, refreshing it as the policy says.
   *
   * @throws KubeloginException what the source throws, or {@link AuthenticationFailedException}
   *     when waiting for another thread's refresh takes longer than {@link RefreshPolicy#maxWait()}
   */
  @Override
  public AccessToken token() {
    return cache.get();
  }

  /**
   * Drops the cached token if it is {@code rejected} and tells the source, so the next {@link
   * #token()} fetches a new one.
   */
  @Override
  public void invalidate(AccessToken rejected) {
    cache.invalidate(rejected);
    source.invalidate(rejected);
  }

  /** The number of callers waiting for a refresh running in another thread; for tests. */
  int waitingCallers() {
    return cache.waitingCallers();
  }

  @Override
  public String toString() {
    return "CachingTokenProvider{source=" + source + "}";
  }

  /** Builds a {@link CachingTokenProvider}. Not thread-safe. */
  public static final class Builder {
    private final TokenProvider source;
    private RefreshPolicy policy = RefreshPolicy.defaults();
    private Clock clock = Clock.systemUTC();

    private Builder(TokenProvider source) {
      this.source = Objects.requireNonNull(source, "source");
    }

    /** Sets the refresh policy; {@link RefreshPolicy#defaults()} by default. */
    public Builder refreshPolicy(RefreshPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Sets the clock; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the provider. */
    public CachingTokenProvider build() {
      return new CachingTokenProvider(this);
    }
  }
}
