package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.store.AtomicFiles;
import dev.kubelogin.core.store.FileLocks;
import dev.kubelogin.core.store.FileTokenStore;
import dev.kubelogin.core.store.KeyringTokenStore;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
 * <p>With keyring storage the same JSON is kept in the operating system's keyring instead (service
 * {@code kubelogin-azure}, account the path the file would have), read and written under the same
 * lock file; nothing of it touches the disk. A keyring that refuses a write (macOS takes about 3 KB
 * through {@code security}) is logged, and the token is served all the same.
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

  /** The keyring service of caches kept with {@code --token-cache-storage=keyring}. */
  static final String KEYRING_SERVICE = "kubelogin-azure";

  private final Path file;
  private final boolean readOnly;
  private final KeyringTokenStore<String> keyring;
  private final ThreadLocal<FileLocks.Held> held = new ThreadLocal<>();

  private MsalCacheFile(Path file, boolean readOnly, KeyringTokenStore<String> keyring) {
    this.file = file;
    this.readOnly = readOnly;
    this.keyring = keyring;
  }

  /** The cache in {@code file}, created on the first write. */
  static MsalCacheFile at(Path file) {
    return new MsalCacheFile(file, false, null);
  }

  /**
   * The cache that would be in {@code file}, kept in the keyring found through {@code env}; its
   * lock file stays beside where the file would be.
   */
  static MsalCacheFile inKeyring(Path file, Map<String, String> env) {
    return new MsalCacheFile(file, false, keyringOf(file.toAbsolutePath().getParent(), env));
  }

  /** Another tool's cache (the Azure CLI's), read but never written or locked. */
  static MsalCacheFile readOnly(Path file) {
    return new MsalCacheFile(file, true, null);
  }

  /**
   * Removes the keyring entries of the caches in {@code directory}, if a keyring is there to ask.
   */
  static void removeFromKeyring(Path directory, Map<String, String> env) {
    KeyringTokenStore<String> k = keyringOf(directory.toAbsolutePath(), env);
    try {
      k.delete(TOKENS);
      k.delete(POP_TOKENS);
    } catch (KubeloginException e) {
      LOG.debug("No keyring entries removed for {}: {}", directory, e.getMessage());
    }
  }

  private static KeyringTokenStore<String> keyringOf(Path directory, Map<String, String> env) {
    return KeyringTokenStore.create(
        KEYRING_SERVICE, directory + File.separator, directory, UTF8, env);
  }

  private static final FileTokenStore.Codec<String> UTF8 =
      new FileTokenStore.Codec<>() {
        @Override
        public byte[] encode(String value) {
          return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8);
        }
      };

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
        String json = context.tokenCache().serialize();
        if (keyring == null) {
          AtomicFiles.writePrivate(file, json.getBytes(StandardCharsets.UTF_8));
        } else {
          try {
            keyring.store(file.getFileName().toString(), json);
          } catch (KubeloginException e) {
            LOG.warn(
                "The token is served but MSAL's cache could not be kept in the keyring, so the"
                    + " next call will log in again: {}",
                e.getMessage());
          }
        }
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
    if (keyring != null) {
      return keyring.load(file.getFileName().toString()).filter(j -> !j.isBlank()).orElse("{}");
    }
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
