package dev.kubelogin.core.store;

import dev.kubelogin.core.KubeloginException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** {@link TokenStore#inMemory()}: values and locks in maps of this JVM. */
final class MemoryTokenStore<T> implements TokenStore<T> {
  private final Map<String, T> values = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  @Override
  public Optional<T> load(String key) {
    return Optional.ofNullable(values.get(key));
  }

  @Override
  public void store(String key, T value) {
    values.put(key, value);
  }

  @Override
  public void delete(String key) {
    values.remove(key);
  }

  @Override
  public Lock lock(String key, Duration maxWait) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    try {
      if (!lock.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new KubeloginException(
            "timed out after "
                + maxWait.toMillis()
                + " ms waiting for another login of the same key in this process");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubeloginException("interrupted while waiting for another login", e);
    }
    return lock::unlock;
  }

  @Override
  public String toString() {
    return "TokenStore.inMemory{" + values.size() + " entries}";
  }
}
