package dev.kubelogin.azure;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.store.AtomicFiles;
import dev.kubelogin.core.store.FileLocks;
import dev.kubelogin.core.store.TokenStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What the login sequence sees of a mode's cache. msal4j keeps and writes its own cache, so this
 * store only reads: {@link #load} is the fresh bearer token {@link MsalCacheReader} finds in the
 * file (empty for PoP and for modes whose tokens live elsewhere), and {@link #store} leaves the
 * writing to msal4j. Its lock is {@code <key>.lock} in the cache directory for the modes that keep
 * tokens there, so processes started together log in once; the other modes (msi, azurecli, azd)
 * lock within this JVM only and create no file.
 */
final class MsalCacheView implements TokenStore<Login.Result> {
  private final Supplier<Optional<Login.Result>> reader;
  private final Path directory;
  private final TokenStore<Login.Result> processLocks = TokenStore.inMemory();

  /**
   * @param reader the fresh cached token, or empty
   * @param directory where lock files go; null to lock within this JVM only
   */
  MsalCacheView(Supplier<Optional<Login.Result>> reader, Path directory) {
    this.reader = reader;
    this.directory = directory;
  }

  @Override
  public Optional<Login.Result> load(String key) {
    return reader.get();
  }

  @Override
  public void store(String key, Login.Result value) {
    // msal4j has written its cache file; tokens of the other modes are not kept
  }

  @Override
  public void delete(String key) {
    // removeCache deletes the directory
  }

  @Override
  public Lock lock(String key, Duration maxWait) {
    if (directory == null) {
      return processLocks.lock(key, maxWait);
    }
    try {
      Path lockFile = directory.resolve(key + ".lock");
      AtomicFiles.createDirectories(directory, AtomicFiles.OWNER_ONLY_DIR);
      try {
        return FileLocks.lockFile(lockFile, maxWait)::close;
      } catch (TimeoutException e) {
        throw new AuthenticationFailedException(
            "another login for this user still runs after "
                + maxWait.toSeconds()
                + " s ("
                + lockFile
                + ")",
            e);
      }
    } catch (IOException e) {
      throw new KubeloginException("cannot lock " + directory.resolve(key + ".lock") + ": " + e, e);
    }
  }
}
