package dev.kubelogin.core.store;

import dev.kubelogin.core.KubeloginException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TokenStore} in the operating system's keyring, with go-keyring's item layout, so that a
 * Go tool using go-keyring with the same service and account names (int128/kubelogin's {@code
 * --token-cache-storage=keyring}) and this store read each other's entries:
 *
 * <ul>
 *   <li><b>Linux and other Unix desktops:</b> the freedesktop.org Secret Service (GNOME Keyring,
 *       KWallet, KeePassXC) on the D-Bus session bus; items in the {@code login} collection with
 *       attributes {@code service} and {@code username}.
 *   <li><b>macOS:</b> a generic password in the login Keychain, through {@code /usr/bin/security}
 *       as go-keyring does. An entry larger than about 3 KB cannot be written that way; storing one
 *       fails with a message saying so.
 *   <li><b>Windows:</b> a generic credential in the Credential Manager, target name {@code
 *       <service>:<account>}, through JNA. A credential holds at most 2560 bytes; storing a larger
 *       entry fails with a message saying so.
 * </ul>
 *
 * <p>Nothing of an entry touches the disk. Locks are lock files, {@code <key>.lock} in a directory
 * of the caller's choice, exactly as {@link FileTokenStore} takes them (the Go tool does the same),
 * so logins for one key take turns across processes.
 *
 * <p>Failure: when there is no keyring at all (no D-Bus session, no Secret Service), or it is
 * locked and unlocking needs a person, every method throws {@link KubeloginException} saying which
 * keyring and what to do — {@link #load(String)} too, so a caller learns it before a login rather
 * than after. An entry that cannot be decoded is a miss, logged without its content.
 *
 * <p>Thread-safe. Each call talks to the keyring afresh; nothing is held between calls.
 *
 * @param <T> what is stored
 */
public final class KeyringTokenStore<T> implements TokenStore<T> {
  private static final Logger LOG = LoggerFactory.getLogger(KeyringTokenStore.class);

  private final Keyring keyring;
  private final String service;
  private final String accountPrefix;
  private final Path lockDirectory;
  private final FileTokenStore.Codec<T> codec;

  private KeyringTokenStore(
      Keyring keyring,
      String service,
      String accountPrefix,
      Path lockDirectory,
      FileTokenStore.Codec<T> codec) {
    this.keyring = keyring;
    this.service = Objects.requireNonNull(service, "service");
    this.accountPrefix = Objects.requireNonNull(accountPrefix, "accountPrefix");
    this.lockDirectory = Objects.requireNonNull(lockDirectory, "lockDirectory").toAbsolutePath();
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /**
   * Returns a store in this operating system's keyring, found through this process's environment.
   * Creating it contacts nothing.
   *
   * @param service the keyring service name (int128/kubelogin: {@code kubelogin})
   * @param accountPrefix put before each key to make the account name (int128/kubelogin: {@code
   *     kubelogin/tokencache/})
   * @param lockDirectory where the {@code <key>.lock} files go (created 0700 on the first lock)
   * @param codec how values are encoded
   */
  public static <T> KeyringTokenStore<T> create(
      String service, String accountPrefix, Path lockDirectory, FileTokenStore.Codec<T> codec) {
    return create(service, accountPrefix, lockDirectory, codec, System.getenv());
  }

  /**
   * Returns a store in this operating system's keyring, found through {@code environment} (on
   * Linux, {@code DBUS_SESSION_BUS_ADDRESS} or {@code XDG_RUNTIME_DIR} name the session bus).
   * Creating it contacts nothing.
   *
   * @param service the keyring service name
   * @param accountPrefix put before each key to make the account name
   * @param lockDirectory where the {@code <key>.lock} files go
   * @param codec how values are encoded
   * @param environment the environment variables to find the keyring by
   */
  public static <T> KeyringTokenStore<T> create(
      String service,
      String accountPrefix,
      Path lockDirectory,
      FileTokenStore.Codec<T> codec,
      Map<String, String> environment) {
    return new KeyringTokenStore<>(
        Keyring.system(Map.copyOf(environment)), service, accountPrefix, lockDirectory, codec);
  }

  static <T> KeyringTokenStore<T> create(
      Keyring keyring,
      String service,
      String accountPrefix,
      Path lockDirectory,
      FileTokenStore.Codec<T> codec) {
    return new KeyringTokenStore<>(keyring, service, accountPrefix, lockDirectory, codec);
  }

  /**
   * Removes every entry of {@code service} from this operating system's keyring, whatever its
   * account, as int128/kubelogin's {@code clean} does.
   *
   * @param environment the environment variables to find the keyring by, as in {@link
   *     #create(String, String, Path, FileTokenStore.Codec, Map)}
   * @return how many entries there were
   * @throws KubeloginException when the keyring cannot be reached or refuses
   */
  public static int deleteAll(String service, Map<String, String> environment) {
    return Keyring.system(Map.copyOf(environment))
        .deleteAll(Objects.requireNonNull(service, "service"));
  }

  /** The account name of {@code key}: the prefix followed by the key. */
  public String accountOf(String key) {
    return accountPrefix + FileTokenStore.checkKey(key);
  }

  /** The directory of the lock files. */
  public Path lockDirectory() {
    return lockDirectory;
  }

  /**
   * {@inheritDoc}
   *
   * @throws KubeloginException when the keyring cannot be reached or is locked
   */
  @Override
  public Optional<T> load(String key) {
    Optional<byte[]> bytes = keyring.read(service, accountOf(key));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    if (bytes.get().length > FileTokenStore.MAX_ENTRY_BYTES) {
      LOG.warn(
          "Ignoring keyring entry {}: larger than {} bytes",
          accountOf(key),
          FileTokenStore.MAX_ENTRY_BYTES);
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(codec.decode(bytes.get()));
    } catch (Exception e) {
      LOG.warn(
          "Ignoring corrupt entry {} in {} ({})",
          accountOf(key),
          keyring.description(),
          e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  @Override
  public void store(String key, T value) {
    String account = accountOf(key);
    keyring.write(
        service,
        account,
        "Password for '" + account + "' on '" + service + "'",
        codec.encode(value));
  }

  @Override
  public void delete(String key) {
    keyring.delete(service, accountOf(key));
  }

  @Override
  public Lock lock(String key, Duration maxWait) {
    return FileTokenStore.lockIn(lockDirectory, key, maxWait);
  }

  @Override
  public String toString() {
    return "KeyringTokenStore{"
        + keyring.description()
        + ", service="
        + service
        + ", locks="
        + lockDirectory
        + "}";
  }
}
