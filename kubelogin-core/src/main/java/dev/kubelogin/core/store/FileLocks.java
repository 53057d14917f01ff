package dev.kubelogin.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks that exclude other threads of this JVM and other processes, with a bounded wait.
 * Thread-safe; a {@link Held} lock belongs to the thread that took it.
 *
 * <ul>
 *   <li>{@link #lockFile(Path, Duration)}: an OS advisory lock on a lock file that stays on disk
 *       (the lock dies with the process, so a crash leaves nothing stuck). On Linux and macOS it is
 *       both a {@code flock(2)} lock, the one the Go tools take (int128/kubelogin's {@code
 *       <key>.lock}, MSAL Go's cache lock), and Java's {@code fcntl} lock, the one Java programs
 *       (msal4j's persistence extension) take, so it excludes both; on Windows both are {@code
 *       LockFileEx}. Without JNA's native library, only the {@code fcntl} lock.
 *   <li>{@link #exclusiveCreate(Path, Duration)}: client-go's kubeconfig lock, a {@code .lock} file
 *       created with O_EXCL and deleted on release, so kubectl and this library exclude each other.
 * </ul>
 */
public final class FileLocks {
  private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private FileLocks() {}

  /** A held lock; {@link #close()} releases it. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes an OS lock on {@code lockFile}, creating it (0600) if needed.
   *
   * @throws TimeoutException when the lock is not free within {@code maxWait}
   */
  public static Held lockFile(Path lockFile, Duration maxWait)
      throws IOException, TimeoutException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    ReentrantLock local = inProcess(lockFile, deadline);
    try {
      FileChannel ch =
          AtomicFiles.isPosix(lockFile.toAbsolutePath().getParent())
              ? FileChannel.open(
                  lockFile,
                  java.util.Set.of(
                      StandardOpenOption.CREATE,
                      StandardOpenOption.WRITE,
                      java.nio.file.LinkOption.NOFOLLOW_LINKS),
                  java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                      AtomicFiles.OWNER_ONLY))
              : FileChannel.open(
                  lockFile,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  java.nio.file.LinkOption.NOFOLLOW_LINKS);
      Flock flock = Flock.open(lockFile).orElse(null);
      try {
        long pause = 5;
        boolean flocked = flock == null;
        while (true) {
          flocked = flocked || flock.tryLock();
          FileLock lock = null;
          if (flocked) {
            try {
              lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
              lock = null;
            }
          }
          if (lock != null) {
            FileLock acquired = lock;
            return () -> {
              try {
                acquired.release();
                ch.close();
              } catch (IOException e) {
                // Closing the channel releases the lock in any case.
              } finally {
                if (flock != null) {
                  flock.close(); // after the channel: closing it drops fcntl locks
                }
                local.unlock();
              }
            };
          }
          pause = waitOrFail(deadline, pause);
        }
      } catch (IOException | TimeoutException | RuntimeException e) {
        ch.close();
        if (flock != null) {
          flock.close();
        }
        throw e;
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      local.unlock();
      throw e;
    }
  }

  /**
   * Creates {@code lockFile} exclusively, waiting while another holder has it.
   *
   * @throws TimeoutException when it still exists after {@code maxWait}
   */
  public static Held exclusiveCreate(Path lockFile, Duration maxWait)
      throws IOException, TimeoutException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    ReentrantLock local = inProcess(lockFile, deadline);
    try {
      long pause = 5;
      while (true) {
        try {
          Files.createFile(lockFile);
          return () -> {
            try {
              Files.deleteIfExists(lockFile);
            } catch (IOException e) {
              // Nothing more can be done; the next writer will report the stale lock.
            } finally {
              local.unlock();
            }
          };
        } catch (FileAlreadyExistsException e) {
          pause = waitOrFail(deadline, pause);
        }
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      local.unlock();
      throw e;
    }
  }

  private static ReentrantLock inProcess(Path lockFile, long deadline) throws TimeoutException {
    ReentrantLock local =
        IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
    try {
      if (!local.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException("held by another thread");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    }
    return local;
  }

  /** Waits a growing pause (5 ms to 100 ms) before the next try, or fails at the deadline. */
  private static long waitOrFail(long deadline, long pause) throws TimeoutException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new TimeoutException("held by another process");
    }
    try {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(pause)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    }
    return Math.min(100, pause * 2);
  }
}
