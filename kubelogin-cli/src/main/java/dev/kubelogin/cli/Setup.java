package dev.kubelogin.cli;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.flags.GoFlag;
import dev.kubelogin.core.flags.GoFlagSet;
import dev.kubelogin.core.flags.ParsedFlags;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.core.kubeconfig.Cluster;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.oidc.GetTokenOptions;
import dev.kubelogin.oidc.OidcAuthenticator;
import dev.kubelogin.oidc.OidcSetup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * int128's {@code setup}: log in once (no cache read), then show the claims, the {@code kubectl
 * config set-credentials} command, the user kube-apiserver will see and how to configure
 * kube-apiserver — on stderr, as int128 does. With {@code --write-kubeconfig} it also writes the
 * cluster, the user and a context to the kubeconfig, makes that context current and stores the
 * tokens in the cache {@code get-token} reads, so the next kubectl command needs no login.
 *
 * <p>The written user (and the printed command) uses {@code interactiveMode: IfAvailable} instead
 * of int128's {@code Never}: this CLI honours {@code spec.interactive: false} and never opens a
 * browser then, so {@code Never} would turn an expired session into an error instead of a login.
 */
final class Setup {
  /** The flags only setup takes. */
  static final List<GoFlag> OWN_FLAGS =
      List.of(
          GoFlag.bool("write-kubeconfig", "Also write cluster, user and context; make it current"),
          GoFlag.string("cluster", "NAME", "Cluster to write (with --write-kubeconfig)"),
          GoFlag.string("server", "URL", "API server URL of the cluster"),
          GoFlag.string("cluster-certificate-authority", "FILE", "CA file of the API server"),
          GoFlag.string("context", "NAME", "Context to write (default: the cluster name)"),
          GoFlag.string("user", "NAME", "User to write (default: oidc)"),
          GoFlag.string(
              "kubeconfig", "FILE", "Kubeconfig to write (default: KUBECONFIG or ~/.kube/config)"));

  /** get-token flags that setup does not take, as in int128. */
  static final Set<String> NOT_FOR_SETUP =
      Set.of("force-refresh", "token-cache-dir", "token-cache-storage");

  /** setup's flags: get-token's but {@link #NOT_FOR_SETUP}, then its own. */
  private static final GoFlagSet FLAGS;

  static {
    List<GoFlag> all = new ArrayList<>();
    GetTokenOptions.flags().flags().stream()
        .filter(f -> !NOT_FOR_SETUP.contains(f.name()))
        .forEach(all::add);
    all.addAll(OWN_FLAGS);
    FLAGS = GoFlagSet.of("setup", all).withSingleDashLongNames();
  }

  private Setup() {}

  static void run(List<String> args, Program program, Io io) {
    ParsedFlags parsed = FLAGS.parse(args);
    Map<String, String> own = new LinkedHashMap<>();
    for (GoFlag f : OWN_FLAGS) {
      if (f.kind() == GoFlag.Kind.BOOL) {
        parsed.bool(f.name()).ifPresent(b -> own.put(f.name(), b.toString()));
      } else {
        parsed.string(f.name()).ifPresent(v -> own.put(f.name(), v));
      }
    }
    List<String> flags =
        FLAGS.without(args, OWN_FLAGS.stream().map(GoFlag::name).collect(Collectors.toSet()));
    if (flags.stream().noneMatch(a -> a.startsWith("--oidc-issuer-url"))
        || flags.stream().noneMatch(a -> a.startsWith("--oidc-client-id"))) {
      io.err.println(help(program));
      return;
    }
    boolean write = Boolean.parseBoolean(own.getOrDefault("write-kubeconfig", "false"));
    if (write && !own.containsKey("cluster")) {
      throw new InvalidConfigurationException(
          "setup: --write-kubeconfig needs --cluster NAME (and --server URL for a new cluster)");
    }
    GetTokenOptions options = GetTokenOptions.parse(flags);
    OidcAuthenticator authenticator =
        OidcAuthenticator.builder(options)
            .environment(io.env)
            .home(io.home)
            .console(UserConsole.system())
            .build();
    io.err.println("Authentication in progress...");
    OidcSetup setup = OidcSetup.run(authenticator, flags);
    String command =
        setup
            .setCredentialsCommand()
            .replace("--exec-interactive-mode=Never", "--exec-interactive-mode=IfAvailable");
    StringBuilder s = new StringBuilder();
    s.append("## Authenticated with the OpenID Connect Provider\n\n")
        .append("You got the token with the following claims:\n\n```\n")
        .append(setup.claimsJson())
        .append("\n```\n\n## Refresh tokens\n\n")
        .append(String.join("\n", setup.refreshTokenAdvice()))
        .append("\n\n## Set up the kubeconfig\n\nRun the following command:\n\n```sh\n")
        .append(command)
        .append("\n```\n\n## The user kube-apiserver will see\n\nUsername: ")
        .append(setup.username())
        .append("\nGroups: ")
        .append(setup.groups().isEmpty() ? "(none)" : String.join(", ", setup.groups()))
        .append("\n\nBind a role to it, for example:\n\n```sh\n")
        .append("kubectl create clusterrolebinding oidc-cluster-admin --clusterrole=cluster-admin")
        .append(" --user=")
        .append(shellQuoted(setup.username()))
        .append("\n```\n\n## Set up kube-apiserver\n\nFlags:\n\n```\n")
        .append(String.join("\n", setup.apiServerFlags()))
        .append(
            "\n```\n\nor an AuthenticationConfiguration (--authentication-config):\n\n```yaml\n")
        .append(setup.authenticationConfiguration())
        .append("```\n");
    io.err.print(UserConsole.printable(s.toString())); // claims come from the provider
    if (write) {
      writeKubeconfig(own, setup, io);
    }
    io.err.flush();
  }

  /**
   * {@code s} as one POSIX shell word: single-quoted, with each {@code '} written {@code '\\''}.
   */
  static String shellQuoted(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static void writeKubeconfig(Map<String, String> own, OidcSetup setup, Io io) {
    KubeconfigLoader.Builder lb =
        KubeconfigLoader.builder().kubeconfigEnv(io.env.get("KUBECONFIG")).homeDirectory(io.home);
    if (own.containsKey("kubeconfig")) {
      lb.explicitFile(Path.of(own.get("kubeconfig")));
    }
    String cluster = own.get("cluster");
    String user = own.getOrDefault("user", "oidc");
    String context = own.getOrDefault("context", cluster);
    Cluster newCluster = null;
    if (own.containsKey("server")) {
      Cluster.Builder c = Cluster.builder(own.get("server"));
      if (own.containsKey("cluster-certificate-authority")) {
        Path ca = Path.of(own.get("cluster-certificate-authority")).toAbsolutePath();
        c.certificateAuthority(ca.toString());
      }
      newCluster = c.build();
    }
    setup.writeKubeconfig(lb.build(), cluster, newCluster, user, context, io.env, io.home);
    io.err.println(
        "\nWrote cluster \""
            + cluster
            + "\", user \""
            + user
            + "\" and context \""
            + context
            + "\" (now current) to the kubeconfig, and the token to the cache:"
            + " kubectl is ready.");
  }

  static String help(Program program) {
    String p = program.displayName();
    return "Set up the kubeconfig for OpenID Connect: log in once, then see the claims, the"
        + " kubectl config set-credentials command and the kube-apiserver settings.\n\n"
        + "  "
        + p
        + " setup --oidc-issuer-url=ISSUER_URL --oidc-client-id=YOUR_CLIENT_ID\n\n"
        + "Add --write-kubeconfig --cluster NAME --server URL [--cluster-certificate-authority"
        + " FILE] [--context NAME] [--user NAME] [--kubeconfig FILE] to write the cluster, user and"
        + " context and make the context current.";
  }
}
