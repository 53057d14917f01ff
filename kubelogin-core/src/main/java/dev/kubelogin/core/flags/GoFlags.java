package dev.kubelogin.core.flags;

import dev.kubelogin.core.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the Go tools read flag values and find the user's home, for code that accepts their flags and
 * environment: the OIDC and Azure plugins and the command line. Stateless and thread-safe.
 */
public final class GoFlags {
  private GoFlags() {}

  /**
   * A boolean flag value as Go's {@code strconv.ParseBool} (and so pflag) reads it.
   *
   * @throws InvalidConfigurationException for anything else, naming {@code command} and the flag
   */
  public static boolean parseBool(String command, String name, String value) {
    switch (value) {
      case "1":
      case "t":
      case "T":
      case "true":
      case "TRUE":
      case "True":
        return true;
      case "0":
      case "f":
      case "F":
      case "false":
      case "FALSE":
      case "False":
        return false;
      default:
        throw new InvalidConfigurationException(
            command + ": invalid argument \"" + value + "\" for --" + name + ": not a boolean");
    }
  }

  /**
   * client-go's home directory: {@code HOME} from {@code env}, else the JVM's {@code user.home}.
   */
  public static Path home(Map<String, String> env) {
    String home = env.get("HOME");
    return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
  }
}
