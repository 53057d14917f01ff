package dev.kubelogin.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refresh engine behind every caching provider of this library, for any value with an expiry
 * (as AWS's {@code CachedSupplier}): served without a lock until its advisory window, refreshed by
 * one caller at a time, with the windows, waits and failure rules documented on {@link
 * RefreshPolicy}. {@link CachingTokenProvider} is this engine over a {@link TokenProvider}; use
 * this class directly for values that carry more than a token (an exec plugin's whole credential, a
 * client certificate).
 *
 * <p>Thread-safe.
 *
 * @param <T> the cached value
 */
public final class CachedSupplier<T> implements Supplier<T> {

  private static final Logger LOG = LoggerFactory.getLogger(CachedSupplier.class);

  /** How long a value that arrives already inside its mandatory window is served (AWS: 1 s). */
  static final long FRESH_VALUE_MIN_MILLIS = 1000;

  /**
   * A value as loaded, with its expiry and optional refresh hint. Immutable.
   *
   * @param <T> the value
   */
  public static final class Loaded<T> {
    final T value;
    final Instant expiresAt;
    final Instant refreshAt;

    private Loaded(T value, Instant expiresAt, Instant refreshAt) {
      this.value = Objects.requireNonNull(value, "value");
      this.expiresAt = expiresAt;
      this.refreshAt = refreshAt;
    }

    /**
     * Returns a loaded value.
     *
     * @param value the value
     * @param expiresAt when it stops being valid; {@code null} for never (until invalidated)
     * @param refreshAt the issuer's refresh hint, or {@code null}
     */
    public static <T> Loaded<T> of(T value, Instant expiresAt, Instant refreshAt) {
      return new Loaded<>(value, expiresAt, refreshAt);
    }

    @Override
    public String toString() {
      return "Loaded{expiresAt=" + expiresAt + ", refreshAt=" + refreshAt + "}";
    }
  }

  /** An immutable snapshot; times are epoch milliseconds, {@code Long.MAX_VALUE} for never. */
  private static final class Entry<T> {
    final T value;
    final long advisoryAt;
    final long mandatoryAt;
    final long nextAdvisoryAttempt;

    Entry(T value, long advisoryAt, long mandatoryAt, long nextAdvisoryAttempt) {
      this.value = value;
      this.advisoryAt = advisoryAt;
      this.mandatoryAt = mandatoryAt;
      this.nextAdvisoryAttempt = nextAdvisoryAttempt;
    }
  }

  private final Supplier<Loaded<T>> loader;
  private final RefreshPolicy policy;
  private final Clock clock;
  private final String name;
  private final Object lock = new Object();
  private final AtomicInteger waiting = new AtomicInteger();

  private volatile Entry<T> current;
  // Guarded by lock: the refresh in flight, if any.
  private CompletableFuture<Entry<T>> inflight;

  private CachedSupplier(Builder<T> b) {
    this.name = b.name;
    this.loader = b.loader;
    this.policy = b.policy;
    this.clock = b.clock;
  }

  /**
   * Returns a builder.
   *
   * @param loader loads a fresh value; throws {@link KubeloginException} on failure
   */
  public static <T> Builder<T> builder(Supplier<Loaded<T>> loader) {
    return new Builder<>(loader);
  }

  /**
   * Returns a value that may be served now, loading one if needed.
   *
   * @throws KubeloginException from the loader, or when the wait for another thread's refresh runs
   *     out
   */
  @Override
  public T get() {
    Entry<T> e = current;
    if (e != null) {
      long now = clock.millis();
      if (now < e.advisoryAt) {
        return e.value;
      }
      if (now < e.mandatoryAt) {
        return advisoryRefresh(e, now);
      }
    }
    return mandatoryRefresh();
  }

  /** Returns the cached value if there is one that may be served now, without loading. */
  public Optional<T> peek() {
    Entry<T> e = current;
    return e != null && clock.millis() < e.mandatoryAt ? Optional.of(e.value) : Optional.empty();
  }

  /**
   * Drops the cached value if it is {@code rejected}, so the next {@link #get()} loads a new one.
   * Does nothing when the cache already holds another value.
   */
  public void invalidate(T rejected) {
    synchronized (lock) {
      Entry<T> e = current;
      if (e != null && e.value.equals(rejected)) {
        current = null;
      }
    }
  }

  /** Drops whatever is cached. */
  public void invalidateAll() {
    synchronized (lock) {
      current = null;
    }
  }

  /** The number of callers waiting for a refresh in another thread; for tests. */
  int waitingCallers() {
    return waiting.get();
  }

  private T advisoryRefresh(Entry<T> e, long now) {
    if (now < e.nextAdvisoryAttempt) {
      return e.value;
    }
    CompletableFuture<Entry<T>> mine;
    synchronized (lock) {
      if (current != e || inflight != null) {
        // Someone refreshed or is refreshing; the current value is still good to serve.
        Entry<T> c = current;
        return c != null && now < c.mandatoryAt ? c.value : e.value;
      }
      mine = new CompletableFuture<>();
      inflight = mine;
    }
    try {
      return publish(mine, load()).value;
    } catch (RuntimeException ex) {
      if (ex instanceof AuthenticationFailedException
          && ((AuthenticationFailedException) ex).credentialRejected()) {
        fail(mine, ex, true);
        throw ex;
      }
      long retryAt = now + policy.advisoryRetryDelay().toMillis();
      LOG.warn(
          "Early refresh of {} failed; serving the current one and retrying after {}: {}",
          name,
          Instant.ofEpochMilli(retryAt),
          ex.getMessage());
      synchronized (lock) {
        if (current == e) {
          current = new Entry<>(e.value, e.advisoryAt, e.mandatoryAt, retryAt);
        }
      }
      fail(mine, ex, false);
      return e.value;
    } catch (Error ex) {
      fail(mine, ex, false);
      throw ex;
    }
  }

  private T mandatoryRefresh() {
    CompletableFuture<Entry<T>> future;
    boolean owner = false;
    synchronized (lock) {
      Entry<T> e = current;
      if (e != null && clock.millis() < e.mandatoryAt) {
        return e.value;
      }
      future = inflight;
      if (future == null) {
        future = new CompletableFuture<>();
        inflight = future;
        owner = true;
      }
    }
    if (owner) {
      try {
        return publish(future, load()).value;
      } catch (RuntimeException | Error ex) {
        fail(future, ex, false);
        throw ex;
      }
    }
    return await(future);
  }

  private T await(CompletableFuture<Entry<T>> future) {
    Duration maxWait = policy.maxWait();
    waiting.incrementAndGet();
    try {
      return future.get(maxWait.toNanos(), TimeUnit.NANOSECONDS).value;
    } catch (TimeoutException ex) {
      throw new AuthenticationFailedException(
          "Timed out after "
              + maxWait.toMillis()
              + " ms waiting for another thread to refresh "
              + name
              + "; try again",
          ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new KubeloginException("Interrupted while waiting for a refresh of " + name, ex);
    } catch (ExecutionException ex) {
      Throwable cause = ex.getCause();
      if (cause instanceof KubeloginException) {
        // Rethrow the same type with this thread's stack, keeping the message.
        throw (KubeloginException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new KubeloginException("Refresh of " + name + " failed: " + cause, cause);
    } finally {
      waiting.decrementAndGet();
    }
  }

  private Loaded<T> load() {
    Loaded<T> loaded = loader.get();
    if (loaded == null) {
      throw new AuthenticationFailedException("The source of " + name + " returned nothing");
    }
    return loaded;
  }

  private Entry<T> publish(CompletableFuture<Entry<T>> future, Loaded<T> loaded) {
    Entry<T> entry = entryFor(loaded, clock.millis());
    synchronized (lock) {
      current = entry;
      if (inflight == future) {
        inflight = null;
      }
    }
    future.complete(entry);
    return entry;
  }

  private void fail(CompletableFuture<Entry<T>> future, Throwable ex, boolean dropCurrent) {
    synchronized (lock) {
      if (dropCurrent) {
        current = null;
      }
      if (inflight == future) {
        inflight = null;
      }
    }
    future.completeExceptionally(ex);
  }

  private Entry<T> entryFor(Loaded<T> loaded, long now) {
    if (loaded.expiresAt == null) {
      return new Entry<>(loaded.value, Long.MAX_VALUE, Long.MAX_VALUE, 0);
    }
    long expiresAt = loaded.expiresAt.toEpochMilli();
    Duration lifetime = Duration.ofMillis(Math.max(0, expiresAt - now));
    long mandatoryAt = expiresAt - policy.mandatoryWindow(lifetime).toMillis();
    long advisoryAt = expiresAt - policy.advisoryWindow(lifetime).toMillis();
    if (loaded.refreshAt != null) {
      advisoryAt = Math.min(advisoryAt, loaded.refreshAt.toEpochMilli());
    }
    if (mandatoryAt <= now) {
      // The source handed out a value that is already due (a plugin serving its own cache until
      // expiry does this). Serve it briefly rather than calling the source on every request.
      mandatoryAt =
          expiresAt > now
              ? Math.min(expiresAt, now + FRESH_VALUE_MIN_MILLIS)
              : now + FRESH_VALUE_MIN_MILLIS;
    }
    long nextAdvisoryAttempt = advisoryAt <= now ? now + policy.advisoryRetryDelay().toMillis() : 0;
    return new Entry<>(
        loaded.value, Math.min(advisoryAt, mandatoryAt), mandatoryAt, nextAdvisoryAttempt);
  }

  @Override
  public String toString() {
    return "CachedSupplier{" + name + ", " + policy + "}";
  }

  /** Builds a {@link CachedSupplier}. Not thread-safe. */
  public static final class Builder<T> {
    private final Supplier<Loaded<T>> loader;
    private String name = "value";
    private RefreshPolicy policy = RefreshPolicy.defaults();
    private Clock clock = Clock.systemUTC();

    private Builder(Supplier<Loaded<T>> loader) {
      this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** What is cached, for log lines and messages (never a secret); "value" by default. */
    public Builder<T> name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The refresh windows and waits; {@link RefreshPolicy#defaults()} by default. */
    public Builder<T> refreshPolicy(RefreshPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The time source; the system clock by default. */
    public Builder<T> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the supplier; it loads on the first {@link CachedSupplier#get()}. */
    public CachedSupplier<T> build() {
      return new CachedSupplier<>(this);
    }
  }
}
