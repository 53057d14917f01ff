package dev.kubelogin.azure;

import dev.kubelogin.core.CachingTokenProvider;
import dev.kubelogin.core.RefreshPolicy;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.flags.GoFlags;
import dev.kubelogin.core.interactive.Browser;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.core.kubeconfig.AuthInfo;
import dev.kubelogin.core.kubeconfig.AuthProviderConfig;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import dev.kubelogin.core.resolve.CredentialPlugin;
import dev.kubelogin.core.resolve.PluginCache;
import dev.kubelogin.core.resolve.PluginContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Serves Azure kubelogin kubeconfig users in-process (found by {@link java.util.ServiceLoader}):
 *
 * <ul>
 *   <li>exec stanzas whose command's file name contains {@code kubelogin} and whose arguments are
 *       {@code get-token} with Azure flags (not int128's {@code --oidc-…} flags): an {@link
 *       AzureTokenProvider} with the same options, environment precedence and cache directory. The
 *       stanza's {@code env} entries apply;
 *   <li>the removed {@code auth-provider: azure}: served as {@code convert-kubeconfig} would
 *       convert it (devicecode; a stanza without {@code config-mode: "1"} converts to {@code
 *       --legacy}, which is reported as unsupported with the alternative).
 * </ul>
 *
 * <p>The providers returned are cached in memory ({@link RefreshPolicy#defaults()}). Thread-safe.
 */
public final class AzureCredentialPlugin implements CredentialPlugin {
  private final UnaryOperator<URI> route;
  private final Browser browser;
  private final UserConsole console;

  /** Creates the plugin with the default HTTP client, system browser and standard error. */
  public AzureCredentialPlugin() {
    this(null, null, null);
  }

  private AzureCredentialPlugin(UnaryOperator<URI> route, Browser browser, UserConsole console) {
    this.route = route;
    this.browser = browser;
    this.console = console;
  }

  /**
   * Returns a plugin whose providers send each Entra ID request to {@code route.apply(url)}; see
   * {@link AzureTokenProvider.Builder#routeRequests}.
   */
  public AzureCredentialPlugin withRequestRoute(UnaryOperator<URI> route) {
    return new AzureCredentialPlugin(Objects.requireNonNull(route, "route"), browser, console);
  }

  /** Returns a plugin whose interactive logins open URLs with {@code browser}. */
  public AzureCredentialPlugin withBrowser(Browser browser) {
    return new AzureCredentialPlugin(route, Objects.requireNonNull(browser, "browser"), console);
  }

  /** Returns a plugin whose logins show messages (device-code instructions) on {@code console}. */
  public AzureCredentialPlugin withConsole(UserConsole console) {
    return new AzureCredentialPlugin(route, browser, Objects.requireNonNull(console, "console"));
  }

  @Override
  public Optional<TokenProvider> forExec(ExecConfig exec, PluginContext context) {
    Map<String, String> env = context.environmentFor(exec);
    Optional<AzureOptions> parsed = options(exec, env);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    AzureOptions options = parsed.get();
    AzureTokenProvider.Builder b =
        AzureTokenProvider.builder(options)
            .environment(env)
            .interactive(context.interactive())
            .clock(context.clock())
            .loginCommand(options.commandLine(exec.command()));
    if (route != null) {
      b.routeRequests(route);
    }
    if (browser != null) {
      b.browser(browser);
    }
    if (console != null) {
      b.console(console);
    }
    return Optional.of(
        CachingTokenProvider.builder(b.build())
            .refreshPolicy(RefreshPolicy.defaults())
            .clock(context.clock())
            .build());
  }

  /**
   * The options' cache directory ({@code --cache-dir}, {@code KUBECACHEDIR}, the default); for the
   * modes that keep bearer tokens in {@code msal_token_cache.json}, that file, whose tokens are
   * served until 5 minutes before expiry or their {@code refresh_on}; no token file with keyring
   * storage, so that no prepared response puts a keyring's token on disk.
   */
  @Override
  public Optional<PluginCache> cache(ExecConfig exec, PluginContext context) {
    Map<String, String> env = context.environmentFor(exec);
    return options(exec, env)
        .map(
            o -> {
              Path dir = o.cacheDirectory(env, GoFlags.home(env));
              boolean pop = o.popEnabled() && o.login().supportsPop();
              return o.login().keepsTokens() && !pop && o.tokenCacheStorage().equals("disk")
                  ? PluginCache.of(
                      dir,
                      dir.resolve(MsalCacheFile.TOKENS),
                      Duration.ofSeconds(MsalCacheReader.EXPIRY_MARGIN_SECONDS))
                  : PluginCache.of(dir);
            });
  }

  /**
   * The variables Azure kubelogin reads: those that replace flags ({@code AZURE_CLIENT_ID}, {@code
   * AAD_LOGIN_METHOD}, …), the CI token sources, {@code AZURE_CONFIG_DIR}, and {@code HOME} and
   * {@code KUBECACHEDIR}, which place the cache.
   */
  @Override
  public Set<String> environmentVariables() {
    return AzureEnvironment.VARIABLES;
  }

  /** The options of {@code exec} under {@code env} when it runs Azure's get-token, else empty. */
  private static Optional<AzureOptions> options(ExecConfig exec, Map<String, String> env) {
    return getTokenArgs(exec.command(), exec.args()).map(a -> AzureOptions.parse(a, env));
  }

  @Override
  public Optional<TokenProvider> forAuthProvider(
      AuthProviderConfig authProvider, PluginContext context) {
    if (!"azure".equals(authProvider.name())) {
      return Optional.empty();
    }
    AzureOptions none =
        AzureFlags.parse(List.of(), AzureFlags.CONVERT).withEnvironment(context.environment());
    ExecConfig exec =
        KubeconfigConverter.convertedExec(
            none, AuthInfo.builder().authProvider(authProvider).build());
    return forExec(exec, context);
  }

  /** The arguments after {@code get-token} when the stanza runs Azure kubelogin, else empty. */
  static Optional<List<String>> getTokenArgs(String command, List<String> args) {
    String base = Path.of(command).getFileName().toString().toLowerCase(Locale.ROOT);
    if (!base.contains("kubelogin")
        || args.isEmpty()
        || !args.get(0).equals("get-token")
        || args.stream().anyMatch(a -> a.startsWith("--oidc-") || a.startsWith("-oidc-"))) {
      // int128's flags all begin with oidc- and Azure's none: the OIDC module serves those
      return Optional.empty();
    }
    return Optional.of(args.subList(1, args.size()));
  }
}
