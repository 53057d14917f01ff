package dev.kubelogin.core.store;

import dev.kubelogin.core.KubeloginException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TokenStore} of one file per key in a directory.
 *
 * <ul>
 *   <li>The directory is created 0700 and files are written 0600, atomically (a temporary file
 *       renamed over the old one), so a reader never sees half a file.
 *   <li>{@link #lock(String, Duration)} locks {@code <key>.lock} beside the entry with an OS file
 *       lock: it excludes other threads of this JVM and other processes, and dies with its process,
 *       so a crash leaves nothing stuck.
 *   <li>A file that cannot be read or decoded is a miss, logged without its content.
 *   <li>Links are not followed: a symbolic link in place of an entry is a miss, and writing
 *       replaces it; one in place of a lock file is an error. Entries over {@value
 *       #MAX_ENTRY_BYTES} bytes are misses. A directory that others can write to, or that another
 *       user owns, is warned about once.
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @param <T> what is stored
 */
public final class FileTokenStore<T> implements TokenStore<T> {
  private static final Logger LOG = LoggerFactory.getLogger(FileTokenStore.class);

  /** Turns stored values into bytes and back. */
  public interface Codec<T> {
    /** Encodes a value. */
    byte[] encode(T value);

    /**
     * Decodes a value.
     *
     * @throws Exception of any kind when the bytes are not a valid value; the entry is then a miss
     */
    T decode(byte[] bytes) throws Exception;
  }

  /** The largest entry read; token records are a few kilobytes. */
  public static final int MAX_ENTRY_BYTES = 1 << 20;

  private final Path directory;
  private final Codec<T> codec;
  private final AtomicBoolean directoryChecked = new AtomicBoolean();

  private FileTokenStore(Path directory, Codec<T> codec) {
    this.directory = directory;
    this.codec = codec;
  }

  /**
   * Returns a store in {@code directory} (created on first write).
   *
   * @param codec how values are encoded
   */
  public static <T> FileTokenStore<T> create(Path directory, Codec<T> codec) {
    return new FileTokenStore<>(
        Objects.requireNonNull(directory, "directory").toAbsolutePath(),
        Objects.requireNonNull(codec, "codec"));
  }

  /** The directory of the files. */
  public Path directory() {
    return directory;
  }

  /** The file that holds {@code key}. */
  public Path fileOf(String key) {
    return directory.resolve(checkKey(key));
  }

  @Override
  public Optional<T> load(String key) {
    Path file = fileOf(key);
    checkDirectory();
    byte[] bytes;
    try (SeekableByteChannel ch =
            Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        InputStream in = Channels.newInputStream(ch)) {
      bytes = in.readNBytes(MAX_ENTRY_BYTES + 1);
      if (bytes.length > MAX_ENTRY_BYTES) {
        LOG.warn("Ignoring token cache file {}: larger than {} bytes", file, MAX_ENTRY_BYTES);
        return Optional.empty();
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("Ignoring unreadable token cache file {}: {}", file, e.toString());
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(codec.decode(bytes));
    } catch (Exception e) {
      LOG.warn("Ignoring corrupt token cache file {} ({})", file, e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  @Override
  public void store(String key, T value) {
    Path file = fileOf(key);
    checkDirectory();
    try {
      AtomicFiles.writePrivate(file, codec.encode(value));
    } catch (IOException e) {
      throw new KubeloginException("could not write token cache file " + file + ": " + e, e);
    }
  }

  @Override
  public void delete(String key) {
    Path file = fileOf(key);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new KubeloginException("could not delete token cache file " + file + ": " + e, e);
    }
  }

  @Override
  public Lock lock(String key, Duration maxWait) {
    return lockIn(directory, checkKey(key), maxWait);
  }

  /** Locks {@code <directory>/<key>.lock} as {@link #lock(String, Duration)} describes. */
  static Lock lockIn(Path directory, String key, Duration maxWait) {
    Path lockFile = directory.resolve(checkKey(key) + ".lock");
    try {
      AtomicFiles.createDirectories(directory, AtomicFiles.OWNER_ONLY_DIR);
      FileLocks.Held held = FileLocks.lockFile(lockFile, maxWait);
      return held::close;
    } catch (TimeoutException e) {
      throw new KubeloginException(
          "timed out after "
              + maxWait.toMillis()
              + " ms waiting for "
              + lockFile
              + " ("
              + e.getMessage()
              + "); another login for the same cache key is in progress, try again when it ends");
    } catch (IOException e) {
      throw new KubeloginException("could not lock " + lockFile + ": " + e, e);
    }
  }

  /** Warns once when others could plant or read entries here. */
  private void checkDirectory() {
    if (!Files.isDirectory(directory) || !directoryChecked.compareAndSet(false, true)) {
      return;
    }
    try {
      if (!AtomicFiles.isPosix(directory)) {
        return;
      }
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(directory);
      if (p.contains(PosixFilePermission.GROUP_WRITE)
          || p.contains(PosixFilePermission.OTHERS_WRITE)) {
        LOG.warn(
            "Token cache directory {} can be written by other users ({}); make it 0700",
            directory,
            PosixFilePermissions.toString(p));
      }
      String owner = Files.getOwner(directory).getName();
      String me = System.getProperty("user.name");
      if (me != null && !owner.equals(me)) {
        LOG.warn("Token cache directory {} belongs to {}, not to {}", directory, owner, me);
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("Could not check the token cache directory {}: {}", directory, e.toString());
    }
  }

  static String checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()
        || key.equals(".")
        || key.equals("..")
        || key.indexOf('/') >= 0
        || key.indexOf('\\') >= 0
        || key.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid token store key: " + key);
    }
    return key;
  }

  @Override
  public String toString() {
    return "FileTokenStore{" + directory + "}";
  }
}
