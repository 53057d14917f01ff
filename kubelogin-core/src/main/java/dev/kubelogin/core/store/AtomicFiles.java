package dev.kubelogin.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a reader sees the old content or the new, never a mix: a temporary file in
 * the same directory, flushed to disk, then renamed over the target. {@link #writePrivate} is the
 * write for secrets (0600, symbolic links replaced rather than followed); the token stores, the
 * kubeconfig writer and the Azure cache use it.
 *
 * <p>Stateless and thread-safe; concurrent writers of one file each leave a whole file, the last
 * rename wins (take a {@link FileLocks} lock to order them). Failures are {@link IOException}s.
 */
public final class AtomicFiles {
  /** rw------- */
  public static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  /** rwx------ */
  public static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  private AtomicFiles() {}

  /**
   * Replaces {@code file} with {@code content}. An existing file keeps its permissions; a new one
   * gets {@code newFilePermissions}. A symbolic link is followed, so the link survives.
   *
   * @param newDirPermissions permissions for directories this call creates, or {@code null} for the
   *     process default
   */
  public static void write(
      Path file,
      byte[] content,
      Set<PosixFilePermission> newFilePermissions,
      Set<PosixFilePermission> newDirPermissions)
      throws IOException {
    write(file, content, newFilePermissions, newDirPermissions, true);
  }

  /**
   * Replaces {@code file} with {@code content}, 0600 whatever the old file had; for secrets. A
   * symbolic link at {@code file} is replaced, not followed: a link planted in a cache directory
   * cannot direct a token elsewhere or change another file's permissions.
   */
  public static void writePrivate(Path file, byte[] content) throws IOException {
    write(file, content, OWNER_ONLY, OWNER_ONLY_DIR, false);
  }

  private static void write(
      Path file,
      byte[] content,
      Set<PosixFilePermission> newFilePermissions,
      Set<PosixFilePermission> newDirPermissions,
      boolean keepExisting)
      throws IOException {
    Path target =
        keepExisting && Files.isSymbolicLink(file) ? file.toRealPath() : file.toAbsolutePath();
    Path dir = target.getParent();
    createDirectories(dir, newDirPermissions);
    Set<PosixFilePermission> permissions = newFilePermissions;
    boolean posix = isPosix(dir);
    if (posix && keepExisting && Files.exists(target)) {
      permissions = Files.getPosixFilePermissions(target);
    }
    Path tmp =
        posix
            ? Files.createTempFile(
                dir,
                "." + target.getFileName() + ".",
                ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))
            : Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (posix) {
        Files.setPosixFilePermissions(tmp, permissions);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates {@code dir} and missing parents, the new ones with {@code permissions} if given. */
  public static void createDirectories(Path dir, Set<PosixFilePermission> permissions)
      throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      createDirectories(parent, permissions);
    }
    try {
      if (permissions != null && isPosix(parent == null ? dir : parent)) {
        FileAttribute<Set<PosixFilePermission>> attr =
            PosixFilePermissions.asFileAttribute(permissions);
        Files.createDirectory(dir, attr);
        // The umask may have removed bits; set exactly what was asked.
        Files.setPosixFilePermissions(dir, permissions);
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  /** Whether the file system of {@code p} has POSIX permissions. */
  public static boolean isPosix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
