package dev.kubelogin.core.store;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code flock(2)} on a lock file, through JNA: the lock the Go tools take (gofrs/flock on Linux
 * and macOS, MSAL Go's cache lock), which Java's {@code FileChannel.lock} (an {@code fcntl} record
 * lock) does not exclude there. On Windows both Java and Go use {@code LockFileEx}, which already
 * exclude each other, so nothing is done. When the C library cannot be reached (no JNA native
 * library for the platform), {@link #available()} is false and only Java's lock is taken.
 *
 * <p>The descriptor is opened read-only on a file that already exists ({@link FileLocks} creates it
 * with owner-only permissions and without following links), and is closed-on-exec.
 */
final class Flock {
  private static final int O_RDONLY = 0;
  private static final int F_SETFD = 2;
  private static final int FD_CLOEXEC = 1;
  private static final int LOCK_EX = 2;
  private static final int LOCK_NB = 4;
  private static final int EINTR = 4;

  /** The few libc calls used. */
  interface CLibrary extends Library {
    int open(String path, int flags);

    int fcntl(int fd, int cmd, int arg);

    int flock(int fd, int operation);

    int close(int fd);
  }

  private static final CLibrary LIBC = load();

  private final int fd;

  private Flock(int fd) {
    this.fd = fd;
  }

  private static CLibrary load() {
    if (!(Platform.isLinux() || Platform.isMac())) {
      return null;
    }
    try {
      return Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
    } catch (LinkageError | RuntimeException e) {
      return null; // no native support here: Java's lock only
    }
  }

  /** Whether flock is taken on this platform. */
  static boolean available() {
    return LIBC != null;
  }

  /**
   * Opens {@code file} for a lock; empty when flock is not {@linkplain #available() available} or
   * the file cannot be opened (the caller then relies on Java's lock alone).
   */
  static Optional<Flock> open(Path file) {
    if (LIBC == null) {
      return Optional.empty();
    }
    int fd = LIBC.open(file.toString(), O_RDONLY);
    if (fd < 0) {
      return Optional.empty();
    }
    LIBC.fcntl(fd, F_SETFD, FD_CLOEXEC);
    return Optional.of(new Flock(fd));
  }

  /** Takes the exclusive lock if it is free; false when another open file description holds it. */
  boolean tryLock() {
    while (true) {
      if (LIBC.flock(fd, LOCK_EX | LOCK_NB) == 0) {
        return true;
      }
      if (Native.getLastError() != EINTR) {
        return false;
      }
    }
  }

  /**
   * Closes the descriptor, which releases the lock. Closing any descriptor of a file also drops
   * this process's {@code fcntl} locks on it, so call this after Java's lock is released.
   */
  void close() {
    LIBC.close(fd);
  }
}
