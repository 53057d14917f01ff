package dev.kubelogin.core.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Where logins keep what they need to refresh silently (token sets, refresh tokens), by key. Kept
 * apart from the flows that fill it, as in Google's {@code UserAuthorizer}/{@code TokenStore}.
 *
 * <p>Implementations are thread-safe. {@link #lock(String, Duration)} gives one login at a time per
 * key: a caller that finds the store empty takes the lock, looks again (another holder may have
 * filled it meanwhile), logs in, stores, and releases.
 *
 * @param <T> what is stored
 */
public interface TokenStore<T> {

  /**
   * Returns the value stored under {@code key}; empty when there is none or it cannot be read (a
   * corrupt entry is a miss, never an error).
   *
   * @throws dev.kubelogin.core.KubeloginException when the store itself cannot be reached (a
   *     keyring that is missing or locked), so that callers learn it before a login
   */
  Optional<T> load(String key);

  /**
   * Stores {@code value} under {@code key}, replacing any previous one.
   *
   * @throws dev.kubelogin.core.KubeloginException if it cannot be stored
   */
  void store(String key, T value);

  /** Removes what is stored under {@code key}, if anything. */
  void delete(String key);

  /**
   * Takes the lock of {@code key}, waiting at most {@code maxWait} while another thread or process
   * holds it.
   *
   * @return the held lock; close it to release
   * @throws dev.kubelogin.core.KubeloginException when the wait runs out, naming what holds it
   */
  Lock lock(String key, Duration maxWait);

  /**
   * Returns a store that keeps values in this JVM's memory only, for callers that must not write
   * tokens to disk. Its locks exclude other threads of this JVM.
   */
  static <T> TokenStore<T> inMemory() {
    return new MemoryTokenStore<>();
  }

  /** A held lock. */
  interface Lock extends AutoCloseable {
    /** Releases the lock. */
    @Override
    void close();
  }
}
