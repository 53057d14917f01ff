package dev.kubelogin.cli;

import dev.kubelogin.azure.AzureOptions;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.flags.GoFlagSet;
import dev.kubelogin.core.flags.GoFlags;
import dev.kubelogin.oidc.GetTokenOptions;
import java.util.List;

/**
 * Explains a {@code kubelogin get-token} command line that mixes both Go tools' flags, or has
 * neither, from the flags the library declares ({@link GetTokenOptions#flags()}, {@link
 * AzureOptions#flags()}), and shows a command line with its secrets masked. Which module serves a
 * command line is the plugins' decision ({@link GetToken}); parsing stays in the library, which
 * applies pflag's rules and gives the Go tools' error messages; help and completion are {@link
 * Commands}'.
 */
final class Flags {
  private Flags() {}

  private static boolean declares(GoFlagSet set, String name) {
    return set.flag(name).isPresent()
        || (name.length() == 1 && set.shorthand(name.charAt(0)).isPresent());
  }

  /**
   * Checks that {@code args} are one tool's: they have a flag only int128 knows (such as {@code
   * --oidc-issuer-url}) or one only Azure knows (such as {@code --server-id} or {@code -l}), not
   * both. Flags both know ({@code --username}, {@code --token-cache-dir}, {@code -v}) count for
   * neither.
   *
   * @throws InvalidConfigurationException when both kinds are present, or neither, naming them
   */
  static void requireOneTool(List<String> args) {
    String int128 = null;
    String azure = null;
    for (String arg : args) {
      String name = nameOf(arg);
      if (name == null) {
        continue;
      }
      boolean inI = declares(GetTokenOptions.flags(), name);
      boolean inA = declares(AzureOptions.flags(), name);
      if (inI && !inA && int128 == null) {
        int128 = arg.startsWith("--") ? "--" + name : "-" + name;
      } else if (inA && !inI && azure == null) {
        azure = arg.startsWith("--") ? "--" + name : "-" + name;
      }
    }
    if (int128 != null && azure != null) {
      throw new InvalidConfigurationException(
          "get-token: "
              + int128
              + " is an OpenID Connect flag (as in int128/kubelogin) and "
              + azure
              + " a Microsoft Entra ID flag (as in Azure/kubelogin); use one kind per command");
    }
    if (int128 != null || azure != null) {
      return;
    }
    throw new InvalidConfigurationException(
        "get-token: give --oidc-issuer-url and --oidc-client-id (OpenID Connect, the flags of"
            + " int128/kubelogin) or --server-id (Microsoft Entra ID, the flags of Azure/kubelogin);"
            + " see kubelogin get-token --help");
  }

  /** The flag name of {@code arg} ({@code --a=b} gives {@code a}); null for a non-flag. */
  private static String nameOf(String arg) {
    if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
      return null;
    }
    String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
    int eq = body.indexOf('=');
    String name = eq >= 0 ? body.substring(0, eq) : body;
    if (!arg.startsWith("--") && name.length() > 1) {
      name = name.substring(0, 1); // -lspn, -v5: a short flag with its value attached
    }
    return name;
  }

  /** {@code args} joined by spaces with the values of secret flags shown as {@code ***}. */
  static String masked(List<String> args) {
    return String.join(" ", GoFlags.masked(args));
  }
}
