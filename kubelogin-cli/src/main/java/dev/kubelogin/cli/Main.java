package dev.kubelogin.cli;

import dev.kubelogin.azure.KubeconfigConverter;
import dev.kubelogin.core.KubeloginException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The {@code kubelogin} command. {@code get-token}, {@code setup} and {@code convert-kubeconfig}
 * hand their flags to the library's parsers (the Go tools' pflag rules and messages) without
 * building the picocli model, which keeps a cache-hit {@code get-token} quick; picocli serves the
 * other commands, every {@code --help} and the completion script ({@link Commands}).
 *
 * <p>Exit status 0 on success, 1 on any error, printed on stderr as {@code error: <message>}.
 */
public final class Main {
  private static final Set<String> RAW = Set.of("get-token", "setup", "convert-kubeconfig");

  private Main() {}

  /**
   * Runs the command and exits. A first argument {@code oidc-login} makes it {@code kubectl
   * oidc-login} (int128's flags only), which is how the {@code kubectl-oidc_login} launcher starts
   * it.
   */
  public static void main(String[] args) {
    Logging.configure(Arrays.asList(args));
    int rc = run(Arrays.asList(args), Io.system());
    System.out.flush();
    System.exit(rc);
  }

  static int run(List<String> argv, Io io) {
    Program program = Program.KUBELOGIN;
    List<String> args = argv;
    if (!args.isEmpty() && args.get(0).equals("oidc-login")) {
      program = Program.OIDC_LOGIN;
      args = args.subList(1, args.size());
    }
    try {
      if (!args.isEmpty() && RAW.contains(args.get(0)) && !wantsHelp(args)) {
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
          case "get-token":
            GetToken.run(rest, program, io);
            return 0;
          case "setup":
            Setup.run(rest, program, io);
            return 0;
          default:
            if (program == Program.OIDC_LOGIN) {
              break; // not an int128 command: picocli says so
            }
            List<String> users = KubeconfigConverter.convert(rest, io.env);
            io.err.println("Converted " + users.size() + " user(s): " + String.join(", ", users));
            return 0;
        }
      }
      return Commands.run(args, program, io); // picocli: loaded only here
    } catch (KubeloginException e) {
      io.err.println("error: " + e.getMessage());
      if (Logging.verbose()) {
        e.printStackTrace(io.err);
      }
      return 1;
    } catch (RuntimeException e) {
      io.err.println("error: " + e);
      e.printStackTrace(io.err);
      return 1;
    }
  }

  private static boolean wantsHelp(List<String> args) {
    return args.contains("--help") || args.contains("-h");
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return "kubelogin version "
        + (v != null ? v : "dev")
        + " (Java "
        + System.getProperty("java.version")
        + " "
        + System.getProperty("os.name").toLowerCase()
        + "_"
        + System.getProperty("os.arch")
        + ")";
  }
}
