package dev.kubelogin.core.flags;

import dev.kubelogin.core.InvalidConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the Go tools read flag values and find the user's home, for code that accepts their flags and
 * environment: the OIDC and Azure plugins and the command line. Stateless and thread-safe.
 */
public final class GoFlags {
  /**
   * klog's flags, which both Go tools accept: all are accepted and ignored here (logging is
   * configured through SLF4J); help shows {@code -v} and {@code --logtostderr}.
   */
  public static final List<GoFlag> LOGGING =
      List.of(
          GoFlag.string("v", "LEVEL", "Log level: 1 decisions, 5 details, 10 everything")
              .withShorthand('v')
              .ignored(),
          GoFlag.bool("logtostderr", "Accepted for compatibility (always on)").ignored(),
          hiddenKlog("vmodule"),
          hiddenKlog("log_dir"),
          hiddenKlog("log_file"),
          hiddenKlog("log_file_max_size"),
          hiddenKlog("stderrthreshold"),
          hiddenKlog("log_backtrace_at"),
          GoFlag.bool("alsologtostderr", "klog").ignored().hidden(),
          GoFlag.bool("add_dir_header", "klog").ignored().hidden(),
          GoFlag.bool("skip_headers", "klog").ignored().hidden(),
          GoFlag.bool("skip_log_headers", "klog").ignored().hidden(),
          GoFlag.bool("one_output", "klog").ignored().hidden());

  private GoFlags() {}

  private static GoFlag hiddenKlog(String name) {
    return GoFlag.string(name, "VALUE", "klog").ignored().hidden();
  }

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
   * A value as Go's {@code time.ParseDuration} reads it: {@code 60s}, {@code 1m30s}, {@code 1.5h},
   * {@code 500ms}, signed, with the units ns, us (µs), ms, s, m and h; empty when it is not a
   * duration (a bare number other than 0 is not). For duration flags and variables such as Azure's
   * {@code --timeout} and {@code AZURE_CLI_TIMEOUT}.
   */
  public static Optional<Duration> parseDuration(String value) {
    return GoDuration.parse(value);
  }

  /**
   * Whether a flag named {@code name} (without dashes) carries a secret: its name holds "secret",
   * "password" or "passwd", or is or ends in "token" ({@code --oidc-client-secret}, {@code
   * --password}, {@code --client-secret}, {@code --client-certificate-password}, …). One rule for
   * every tool's flags, so a new secret flag is masked everywhere without being listed anywhere.
   */
  public static boolean isSecret(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return !n.isEmpty()
        && (n.contains("secret")
            || n.contains("password")
            || n.contains("passwd")
            || n.equals("token")
            || n.endsWith("-token"));
  }

  /**
   * {@code args} with the value of every {@linkplain #isSecret secret flag} shown as {@code ***},
   * whether given as {@code --flag=value} or {@code --flag value}: for messages, logs and {@code
   * toString}.
   */
  public static List<String> masked(List<String> args) {
    List<String> out = new ArrayList<>(args.size());
    boolean hideNext = false;
    for (String arg : args) {
      if (hideNext) {
        out.add("***");
        hideNext = false;
        continue;
      }
      int eq = arg.indexOf('=');
      String name =
          arg.startsWith("-")
              ? arg.substring(0, eq < 0 ? arg.length() : eq).replaceFirst("^-+", "")
              : "";
      boolean secret = isSecret(name);
      if (secret && eq >= 0) {
        out.add(arg.substring(0, eq + 1) + "***");
      } else {
        out.add(arg);
        hideNext = secret;
      }
    }
    return out;
  }

  /**
   * client-go's home directory: {@code HOME} from {@code env}, else the JVM's {@code user.home}.
   */
  public static Path home(Map<String, String> env) {
    String home = env.get("HOME");
    return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
  }
}
