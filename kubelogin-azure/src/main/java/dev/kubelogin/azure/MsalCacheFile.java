package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.store.AtomicFiles;
import dev.kubelogin.core.store.FileLocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * msal4j's token cache kept in one file in MSAL's unified JSON schema: read under a cross-process
 * lock before each cache access, written atomically (0600, directory 0700) after an access that
 * changed it. MSAL keys every entry by environment (authority host), client id and realm (tenant),
 * so several tenants and clients share the file without overwriting each other. A corrupt file is
 * logged and treated as empty; the next write replaces it.
 *
 * <p>msal4j calls the two methods in pairs on one thread; the lock is held between them.
 */
final class MsalCacheFile implements ITokenCacheAccessAspect {
  private static final Logger LOG = LoggerFactory.getLogger(MsalCacheFile.class);
  static final String TOKENS = "msal_token_cache.json";

  /** The largest MSAL cache file read (a cache of many accounts is a few hundred kilobytes). */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  static final String POP_TOKENS = "msal_pop_token_cache.json";
  private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

  private final Path file;
  private final boolean readOnly;
  private final ThreadLocal<FileLocks.Held> held = new ThreadLocal<>();

  private MsalCacheFile(Path file, boolean readOnly) {
    this.file = file;
    this.readOnly = readOnly;
  }

  /** The cache in {@code file}, created on the first write. */
  static MsalCacheFile at(Path file) {
    return new MsalCacheFile(file, false);
  }

  /** Another tool's cache (the Azure CLI's), read but never written or locked. */
  static MsalCacheFile readOnly(Path file) {
    return new MsalCacheFile(file, true);
  }

  Path file() {
    return file;
  }

  @Override
  public void beforeCacheAccess(ITokenCacheAccessContext context) {
    if (!readOnly && held.get() == null) {
      try {
        AtomicFiles.createDirectories(file.getParent(), AtomicFiles.OWNER_ONLY_DIR);
        held.set(FileLocks.lockFile(lockFile(), LOCK_WAIT));
      } catch (TimeoutException e) {
        throw new KubeloginException(
            "token cache " + lockFile() + " stayed locked for " + LOCK_WAIT.toSeconds() + " s", e);
      } catch (IOException e) {
        throw new KubeloginException("cannot lock token cache " + lockFile() + ": " + e, e);
      }
    }
    String json = read();
    try {
      context.tokenCache().deserialize(json);
    } catch (RuntimeException e) {
      LOG.warn("token cache {} is not valid JSON; treating it as empty", file);
      context.tokenCache().deserialize("{}");
    }
  }

  @Override
  public void afterCacheAccess(ITokenCacheAccessContext context) {
    FileLocks.Held lock = held.get();
    held.remove();
    try {
      if (!readOnly && context.hasCacheChanged()) {
        AtomicFiles.writePrivate(
            file, context.tokenCache().serialize().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new KubeloginException("cannot write token cache " + file + ": " + e, e);
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  private String read() {
    try {
      if (Files.size(file) > MAX_BYTES) {
        LOG.warn("token cache {} is larger than {} bytes; treating it as empty", file, MAX_BYTES);
        return "{}";
      }
      String s = Files.readString(file, StandardCharsets.UTF_8);
      return s.isBlank() ? "{}" : s;
    } catch (NoSuchFileException e) {
      return "{}";
    } catch (IOException e) {
      LOG.warn("cannot read token cache {}: {}; treating it as empty", file, e.toString());
      return "{}";
    }
  }

  private Path lockFile() {
    return file.resolveSibling(file.getFileName() + ".lock");
  }
}
