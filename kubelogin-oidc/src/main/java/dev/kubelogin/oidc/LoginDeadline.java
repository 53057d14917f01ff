package dev.kubelogin.oidc;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The time a login or refresh has left, on the thread that runs it: every request to the identity
 * provider made meanwhile must be answered in full by then, whatever its own timeout. This is how
 * {@code --authentication-timeout-sec} bounds a whole {@code get-token}, discovery and key fetches
 * included, against a provider that stalls in the middle of an answer.
 */
final class LoginDeadline {
  private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

  private LoginDeadline() {}

  /** Runs {@code work} with at most {@code timeout} for its requests (nested: the earlier wins). */
  static <T> T within(Duration timeout, Supplier<T> work) {
    Long outer = DEADLINE_NANOS.get();
    long mine = System.nanoTime() + timeout.toNanos();
    DEADLINE_NANOS.set(outer != null && outer - mine < 0 ? outer : mine);
    try {
      return work.get();
    } finally {
      if (outer == null) {
        DEADLINE_NANOS.remove();
      } else {
        DEADLINE_NANOS.set(outer);
      }
    }
  }

  /** {@code limit}, or less when the login running on this thread has less time left. */
  static Duration cap(Duration limit) {
    Long deadline = DEADLINE_NANOS.get();
    if (deadline == null) {
      return limit;
    }
    Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    return left.compareTo(limit) < 0 ? left : limit;
  }
}
