package dev.kubelogin.azure;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.flags.GoFlag;
import dev.kubelogin.core.kubeconfig.AuthInfo;
import dev.kubelogin.core.kubeconfig.AuthProviderConfig;
import dev.kubelogin.core.kubeconfig.Context;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import dev.kubelogin.core.kubeconfig.Kubeconfig;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Azure kubelogin's {@code convert-kubeconfig}: rewrites the kubeconfig users that run {@code
 * kubelogin} (or use the removed {@code azure} auth-provider) into {@code kubelogin get-token
 * --login <mode> …} exec stanzas, and writes each back to the file that defines it.
 *
 * <p>For the same kubeconfig, arguments and environment the stanzas are the ones the Go tool
 * writes: values are taken from the flag, else the auth-provider's config, else the old exec
 * arguments; the arguments per mode, the install hint, {@code AZURE_CONFIG_DIR} and the errors are
 * the same. One difference: the old arguments are also read in the {@code --flag=value} form (the
 * Go tool sees only {@code --flag value}, and silently loses such values). Nothing is written when
 * any user fails to convert.
 *
 * <p>Stateless and thread-safe; the writes lock the files as kubectl does.
 */
public final class KubeconfigConverter {
  static final String INSTALL_HINT =
      "\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\n"
          + "To learn more, please go to https://azure.github.io/kubelogin/\n";
  static final String EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

  private KubeconfigConverter() {}

  /**
   * The flags convert-kubeconfig takes besides get-token's ({@link AzureOptions#flags()}): {@code
   * --kubeconfig}, {@code --context}, {@code --azure-config-dir}; for help and completion.
   */
  public static List<GoFlag> ownFlags() {
    return AzureFlags.CONVERT_FLAGS;
  }

  /**
   * Runs {@code convert-kubeconfig} with its arguments ({@code --login}, {@code --server-id} and
   * the other get-token flags, {@code --kubeconfig}, {@code --context}, {@code
   * --azure-config-dir}); the kubeconfig files are found as kubectl finds them, with {@code
   * KUBECONFIG} and {@code HOME} from {@code env}.
   *
   * @return the names of the users converted
   * @throws InvalidConfigurationException for invalid arguments, an unknown context, or a user that
   *     lacks a value its target mode requires
   * @throws dev.kubelogin.core.KubeloginException when a file cannot be read, locked or written
   */
  public static List<String> convert(List<String> args, Map<String, String> env) {
    AzureOptions flags = AzureFlags.parse(args, AzureFlags.CONVERT);
    KubeconfigLoader.Builder loader =
        KubeconfigLoader.builder().kubeconfigEnv(env.get("KUBECONFIG"));
    String home = env.get("HOME");
    if (home != null && !home.isEmpty()) {
      loader.homeDirectory(Path.of(home));
    }
    flags.string("kubeconfig").map(Path::of).ifPresent(loader::explicitFile);
    return convert(flags, env, loader.build());
  }

  /**
   * Runs {@code convert-kubeconfig} on the files of {@code loader}; {@code args} as {@link
   * #convert(List, Map)} takes them, except that {@code --kubeconfig} is not accepted.
   *
   * @return the names of the users converted
   */
  public static List<String> convert(
      List<String> args, Map<String, String> env, KubeconfigLoader loader) {
    return convert(AzureFlags.parse(args, AzureFlags.CONVERT_LOADED), env, loader);
  }

  private static List<String> convert(
      AzureOptions flags, Map<String, String> env, KubeconfigLoader loader) {
    AzureOptions o = flags.withEnvironment(env).validated();
    Kubeconfig config = loader.load();
    String target = null;
    Optional<String> context = flags.string("context");
    if (context.isPresent()) {
      Context c = config.contexts().get(context.get());
      if (c == null) {
        throw new InvalidConfigurationException(
            "no context exists with the name: \"" + context.get() + "\"");
      }
      target = c.user().isEmpty() ? null : c.user();
    }
    Map<String, AuthInfo> converted = new LinkedHashMap<>();
    for (Map.Entry<String, AuthInfo> e : config.users().entrySet()) {
      if (target != null && !e.getKey().equals(target)) {
        continue;
      }
      AuthInfo user = e.getValue();
      if (!runsKubelogin(user) && !isAzureAuthProvider(user)) {
        continue;
      }
      ExecConfig exec = convertedExec(o, user);
      converted.put(e.getKey(), user.toBuilder().exec(exec).field("auth-provider", null).build());
    }
    loader.writer().edit(edits -> converted.forEach(edits::setUser));
    return List.copyOf(converted.keySet());
  }

  static boolean runsKubelogin(AuthInfo user) {
    return user.exec()
        .map(x -> x.command().toLowerCase(Locale.ROOT).contains("kubelogin"))
        .orElse(false);
  }

  static boolean isAzureAuthProvider(AuthInfo user) {
    return user.authProvider().map(p -> p.name().equals("azure")).orElse(false);
  }

  /** The new exec stanza for {@code user}, as the Go tool's {@code Convert} builds it. */
  static ExecConfig convertedExec(AzureOptions o, AuthInfo user) {
    Old old = new Old(o, user);
    String environment = old.value("environment", "environment", "--environment");
    String tenant = old.value("tenant-id", "tenant-id", "--tenant-id");
    String clientId = old.value("client-id", "client-id", "--client-id");
    String serverId = old.value("server-id", "apiserver-id", "--server-id");
    boolean legacy;
    if (o.isGiven("legacy") && o.legacy()) {
      legacy = true;
    } else if (old.provider != null) {
      String mode = old.provider.config().getOrDefault("config-mode", "");
      legacy = mode.isEmpty() || mode.equals("0");
    } else {
      legacy = old.hasArg("--legacy");
    }
    String cacheDir;
    if (o.isGiven("cache-dir") || o.isGiven("token-cache-dir")) {
      cacheDir = o.raw("cache-dir");
    } else {
      cacheDir = old.arg("--cache-dir");
      if (cacheDir.isEmpty()) {
        cacheDir = old.arg("--token-cache-dir");
      }
    }
    boolean popEnabled = o.isGiven("pop-enabled") ? o.popEnabled() : old.hasArg("--pop-enabled");
    String popClaims = o.isGiven("pop-claims") ? o.raw("pop-claims") : old.arg("--pop-claims");
    String redirectUrl =
        o.isGiven("redirect-url") ? o.raw("redirect-url") : old.arg("--redirect-url");
    String loginHint = o.isGiven("login-hint") ? o.raw("login-hint") : old.arg("--login-hint");

    LoginMode mode = o.login();
    List<String> args = new ArrayList<>(List.of("get-token", "--login", mode.flagValue()));
    if (serverId.isEmpty()) {
      throw new InvalidConfigurationException("--server-id is required");
    }
    args.add("--server-id");
    args.add(serverId);
    if (!cacheDir.isEmpty()) {
      args.add("--cache-dir");
      args.add(cacheDir);
    }
    List<Map.Entry<String, String>> env = new ArrayList<>();
    switch (mode) {
      case AZURE_DEVELOPER_CLI:
        addIfGiven(o, args, "tenant-id");
        break;
      case AZURE_CLI:
        o.string("azure-config-dir").ifPresent(d -> env.add(Map.entry("AZURE_CONFIG_DIR", d)));
        addIfGiven(o, args, "tenant-id");
        addIfGiven(o, args, "subscription");
        break;
      case DEVICE_CODE:
        addUserApp(args, clientId, tenant, environment);
        if (legacy) {
          args.add("--legacy");
        }
        break;
      case INTERACTIVE:
        addUserApp(args, clientId, tenant, environment);
        addPop(args, popEnabled, popClaims);
        addIfNotEmpty(args, "--redirect-url", redirectUrl);
        addIfNotEmpty(args, "--login-hint", loginHint);
        break;
      case SERVICE_PRINCIPAL:
        addUserApp(args, clientId, tenant, environment);
        addIfGiven(o, args, "client-secret");
        addIfGiven(o, args, "client-certificate");
        addIfGiven(o, args, "client-certificate-password");
        if (legacy) {
          args.add("--legacy");
        }
        addPop(args, popEnabled, popClaims);
        if (o.isGiven("disable-environment-override")) {
          args.add("--disable-environment-override");
        }
        break;
      case MANAGED_IDENTITY:
        if (o.isGiven("client-id")) {
          addIfGiven(o, args, "client-id");
        } else {
          addIfGiven(o, args, "identity-resource-id");
        }
        break;
      case ROPC:
        addUserApp(args, clientId, tenant, environment);
        addIfGiven(o, args, "username");
        addIfGiven(o, args, "password");
        if (legacy) {
          args.add("--legacy");
        }
        addPop(args, popEnabled, popClaims);
        break;
      case WORKLOAD_IDENTITY:
        addIfGiven(o, args, "client-id");
        addIfGiven(o, args, "tenant-id");
        addIfGiven(o, args, "authority-host");
        addIfGiven(o, args, "federated-token-file");
        break;
      case AZURE_PIPELINES:
        if (tenant.isEmpty()) {
          throw new InvalidConfigurationException("--tenant-id is required");
        }
        args.add("--tenant-id");
        args.add(tenant);
        addIfGiven(o, args, "azure-pipelines-service-connection-id");
        break;
      default:
        throw new IllegalStateException(mode.toString());
    }
    String hint =
        user.exec().flatMap(ExecConfig::installHint).filter(h -> !h.isEmpty()).orElse(INSTALL_HINT);
    ExecConfig.Builder exec =
        ExecConfig.builder("kubelogin", EXEC_API_VERSION)
            .args(args)
            .installHint(hint)
            .provideClusterInfo(false);
    if (!env.isEmpty()) {
      exec.env(env);
    }
    return exec.build();
  }

  private static void addUserApp(
      List<String> args, String clientId, String tenant, String environment) {
    if (clientId.isEmpty()) {
      throw new InvalidConfigurationException("--client-id is required");
    }
    args.add("--client-id");
    args.add(clientId);
    if (tenant.isEmpty()) {
      throw new InvalidConfigurationException("--tenant-id is required");
    }
    args.add("--tenant-id");
    args.add(tenant);
    addIfNotEmpty(args, "--environment", environment);
  }

  private static void addPop(List<String> args, boolean enabled, String claims) {
    if (enabled && claims.isEmpty()) {
      throw new InvalidConfigurationException(
          "--pop-claims is required when specifying --pop-enabled");
    }
    if (!claims.isEmpty() && !enabled) {
      throw new InvalidConfigurationException(
          "--pop-enabled is required when specifying --pop-claims");
    }
    if (enabled) {
      args.add("--pop-enabled");
      args.add("--pop-claims");
      args.add(claims);
    }
  }

  private static void addIfGiven(AzureOptions o, List<String> args, String flag) {
    if (o.isGiven(flag)) {
      args.add("--" + flag);
      args.add(o.raw(flag));
    }
  }

  private static void addIfNotEmpty(List<String> args, String flag, String value) {
    if (!value.isEmpty()) {
      args.add(flag);
      args.add(value);
    }
  }

  /** What the user stanza already says: its azure auth-provider config, or its exec args. */
  private static final class Old {
    private final AzureOptions flags;
    private final AuthProviderConfig provider;
    private final List<String> args;

    Old(AzureOptions flags, AuthInfo user) {
      this.flags = flags;
      this.provider = isAzureAuthProvider(user) ? user.authProvider().orElseThrow() : null;
      this.args = user.exec().map(ExecConfig::args).orElse(List.of());
    }

    /** Flag if given, else the auth-provider key, else the exec arg. */
    String value(String flag, String providerKey, String arg) {
      if (flags.isGiven(flag)) {
        return flags.raw(flag);
      }
      if (provider != null) {
        return provider.config().getOrDefault(providerKey, "");
      }
      return arg(arg);
    }

    /** The value after {@code flag} ({@code --flag value}) or in {@code --flag=value}. */
    String arg(String flag) {
      for (int i = 0; i < args.size(); i++) {
        if (args.get(i).equals(flag) && i + 1 < args.size()) {
          return args.get(i + 1);
        }
        if (args.get(i).startsWith(flag + "=")) {
          return args.get(i).substring(flag.length() + 1);
        }
      }
      return "";
    }

    boolean hasArg(String flag) {
      return args.stream().anyMatch(a -> a.equals(flag) || a.equals(flag + "=true"));
    }
  }
}
