package dev.kubelogin.core;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link CachingTokenProvider} refreshes a token, how long callers wait for a refresh, and
 * how soon a failed early refresh is tried again.
 *
 * <p>Two windows before a token's expiry decide what a caller sees:
 *
 * <ul>
 *   <li><b>Advisory window</b> (starts {@link #advisoryWindow(Duration) advisory} before expiry, or
 *       at the token's {@link AccessToken#refreshAt() refreshAt} hint when that is earlier): the
 *       first caller refreshes while everyone else keeps getting the current token without waiting.
 *       If that refresh fails the current token is still served, and the next attempt waits {@link
 *       #advisoryRetryDelay()}.
 *   <li><b>Mandatory window</b> (starts {@link #mandatoryWindow(Duration) mandatory} before
 *       expiry): the current token is no longer served. One caller refreshes and every other caller
 *       waits for that refresh, at most {@link #maxWait()}. A failure is thrown to all of them.
 * </ul>
 *
 * <p>A token that arrives already inside a window does not make every call refresh again: one that
 * arrives inside the advisory window waits {@link #advisoryRetryDelay()} before the next early
 * refresh, and one that arrives inside the mandatory window (or expired) is served for one second
 * (or until it expires) before the source is asked again. This matters for sources such as exec
 * plugins that serve their own cache until the last moment.
 *
 * <p>By default the windows scale with the token's lifetime (from when it was received to its
 * expiry): advisory is a fifth of the lifetime and mandatory a twentieth, capped at 5 minutes and 1
 * minute. An hour-long token is refreshed from 5 minutes before expiry and must be refreshed 1
 * minute before; a 5-minute token (Keycloak's default) from 60 seconds and 15 seconds before.
 * Setting a window fixes it regardless of lifetime.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RefreshPolicy {

  static final Duration MAX_ADVISORY = Duration.ofMinutes(5);
  static final Duration MAX_MANDATORY = Duration.ofMinutes(1);
  private static final RefreshPolicy DEFAULTS = builder().build();

  private final Duration advisory;
  private final Duration mandatory;
  private final Duration maxWait;
  private final Duration advisoryRetryDelay;

  private RefreshPolicy(Builder b) {
    this.advisory = b.advisory;
    this.mandatory = b.mandatory;
    this.maxWait = b.maxWait;
    this.advisoryRetryDelay = b.advisoryRetryDelay;
  }

  /** Lifetime-scaled windows, a 5-second maximum wait and a 30-second advisory retry delay. */
  public static RefreshPolicy defaults() {
    return DEFAULTS;
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The advisory window for a token with the given lifetime.
   *
   * @param lifetime from when the token was received to its expiry
   */
  public Duration advisoryWindow(Duration lifetime) {
    return advisory != null ? advisory : min(MAX_ADVISORY, lifetime.dividedBy(5));
  }

  /**
   * The mandatory window for a token with the given lifetime.
   *
   * @param lifetime from when the token was received to its expiry
   */
  public Duration mandatoryWindow(Duration lifetime) {
    return mandatory != null ? mandatory : min(MAX_MANDATORY, lifetime.dividedBy(20));
  }

  /** How long a caller waits for a refresh running in another thread before it fails. */
  public Duration maxWait() {
    return maxWait;
  }

  /** How long after a failed advisory refresh the next one may start. */
  public Duration advisoryRetryDelay() {
    return advisoryRetryDelay;
  }

  private static Duration min(Duration a, Duration b) {
    Duration positive = b.isNegative() ? Duration.ZERO : b;
    return a.compareTo(positive) <= 0 ? a : positive;
  }

  @Override
  public String toString() {
    return "RefreshPolicy{advisory="
        + (advisory == null ? "scaled" : advisory)
        + ", mandatory="
        + (mandatory == null ? "scaled" : mandatory)
        + ", maxWait="
        + maxWait
        + ", advisoryRetryDelay="
        + advisoryRetryDelay
        + "}";
  }

  /** Builds a {@link RefreshPolicy}. Not thread-safe. */
  public static final class Builder {
    private Duration advisory;
    private Duration mandatory;
    private Duration maxWait = Duration.ofSeconds(5);
    private Duration advisoryRetryDelay = Duration.ofSeconds(30);

    private Builder() {}

    /** Fixes the advisory window: how long before expiry an early refresh starts. */
    public Builder advisoryWindow(Duration advisory) {
      this.advisory = nonNegative(advisory, "advisoryWindow");
      return this;
    }

    /** Fixes the mandatory window: how long before expiry the token is no longer served. */
    public Builder mandatoryWindow(Duration mandatory) {
      this.mandatory = nonNegative(mandatory, "mandatoryWindow");
      return this;
    }

    /** Sets how long a caller waits for a refresh running in another thread; 5 s by default. */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = nonNegative(maxWait, "maxWait");
      return this;
    }

    /** Sets the pause after a failed advisory refresh; 30 s by default. */
    public Builder advisoryRetryDelay(Duration delay) {
      this.advisoryRetryDelay = nonNegative(delay, "advisoryRetryDelay");
      return this;
    }

    /**
     * Returns the policy.
     *
     * @throws IllegalStateException if both windows are fixed and mandatory is longer than advisory
     */
    public RefreshPolicy build() {
      if (advisory != null && mandatory != null && mandatory.compareTo(advisory) > 0) {
        throw new IllegalStateException(
            "mandatoryWindow ("
                + mandatory
                + ") must not be longer than advisoryWindow ("
                + advisory
                + ")");
      }
      return new RefreshPolicy(this);
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
      return d;
    }
  }
}
