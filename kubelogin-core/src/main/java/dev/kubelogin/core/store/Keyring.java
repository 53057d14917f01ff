package dev.kubelogin.core.store;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An operating system's protected store of small secrets, addressed as go-keyring addresses them: a
 * service name and an account name. Each method opens what it needs and closes it again, so an idle
 * keyring holds no connection or process.
 *
 * <p>Every method throws {@link dev.kubelogin.core.KubeloginException} when the keyring cannot be
 * reached or refuses, with a message that says which keyring and what to do; never with a secret in
 * it.
 */
interface Keyring {

  /** The stored value, or empty when there is none. */
  Optional<byte[]> read(String service, String account);

  /** Stores {@code value}, replacing any previous one; {@code label} is what keyring UIs show. */
  void write(String service, String account, String label, byte[] value);

  /** Removes the value, if any. */
  void delete(String service, String account);

  /** Removes every value of {@code service}; returns how many there were. */
  int deleteAll(String service);

  /** What this keyring is, for messages: "the Secret Service", "the macOS Keychain". */
  String description();

  /**
   * The keyring of this operating system, found through {@code environment} (on Linux, the D-Bus
   * session bus it names). Nothing is contacted yet; where the keyring is missing, each call fails
   * with a message saying what is missing.
   */
  static Keyring system(Map<String, String> environment) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.startsWith("mac")) {
      return new MacKeychain(MacKeychain.SECURITY);
    }
    if (os.startsWith("windows")) {
      return new WindowsCredentials();
    }
    return SecretServiceKeyring.sessionBus(environment);
  }
}
