package dev.kubelogin.oidc;

import dev.kubelogin.core.CachingTokenProvider;
import dev.kubelogin.core.RefreshPolicy;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.flags.GoFlags;
import dev.kubelogin.core.interactive.Browser;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.core.kubeconfig.AuthProviderConfig;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import dev.kubelogin.core.resolve.ClientCertificateProvider;
import dev.kubelogin.core.resolve.CredentialPlugin;
import dev.kubelogin.core.resolve.PluginCache;
import dev.kubelogin.core.resolve.PluginContext;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Serves int128/kubelogin kubeconfig users in-process (found by {@link java.util.ServiceLoader}):
 *
 * <ul>
 *   <li>exec {@code kubectl oidc-login get-token …}, {@code kubectl-oidc_login get-token …}, and
 *       {@code kubelogin get-token --oidc-issuer-url=…} (int128's binary under its own name;
 *       Azure's {@code kubelogin} has no {@code --oidc-} flags): an {@link OidcTokenProvider} with
 *       the same arguments, so the same cache file as the Go tool. The stanza's {@code env} entries
 *       apply ({@code KUBECACHEDIR} for example);
 *   <li>the legacy {@code auth-provider: oidc}: the {@code id-token} is served until 10 s before
 *       its expiry, then refreshed with the {@code refresh-token} and both written back to the
 *       kubeconfig file it came from, as client-go's removed plugin did.
 * </ul>
 *
 * <p>The providers it returns are cached in memory, so a token costs a file read only when it nears
 * expiry. That cache serves a token no later than the provider below it would: never in its last
 * {@link CachedTokens#EXPIRY_SKEW 10 seconds}, however short its lifetime. Thread-safe.
 */
public final class OidcCredentialPlugin implements CredentialPlugin {
  /**
   * The in-memory cache in front of a provider that stops serving a token {@link
   * CachedTokens#EXPIRY_SKEW} before its expiry: it must stop by then too. With the lifetime-scaled
   * default it would serve a 20-second token until 1 second before expiry.
   */
  private static final RefreshPolicy MEMORY_CACHE =
      RefreshPolicy.builder().mandatoryWindow(CachedTokens.EXPIRY_SKEW).build();

  private final Browser browser;
  private final UserConsole console;

  /**
   * Creates the plugin with the system browser (or the stanza's {@code --browser-command}) and the
   * process's terminal; {@link java.util.ServiceLoader} calls this.
   */
  public OidcCredentialPlugin() {
    this(null, null);
  }

  private OidcCredentialPlugin(Browser browser, UserConsole console) {
    this.browser = browser;
    this.console = console;
  }

  /**
   * Returns a plugin whose logins open URLs with {@code browser} (for example an IDE's own browser
   * window); pass it to {@code KubeconfigResolver.Builder.plugins}.
   */
  public OidcCredentialPlugin withBrowser(Browser browser) {
    return new OidcCredentialPlugin(Objects.requireNonNull(browser, "browser"), console);
  }

  /** Returns a plugin whose logins show messages and ask questions through {@code console}. */
  public OidcCredentialPlugin withConsole(UserConsole console) {
    return new OidcCredentialPlugin(browser, Objects.requireNonNull(console, "console"));
  }

  @Override
  public Optional<TokenProvider> forExec(ExecConfig exec, PluginContext context) {
    Optional<GetTokenOptions> parsed = options(exec);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    GetTokenOptions options = parsed.get();
    Map<String, String> env = context.environmentFor(exec);
    OidcTokenProvider.Builder builder =
        OidcTokenProvider.builder(options)
            .interactive(context.interactive())
            .environment(env)
            .home(GoFlags.home(env))
            .clock(context.clock())
            .loginHint(loginHint(exec));
    if (browser != null && options.browserCommand().isEmpty()) {
      builder.browser(browser);
    }
    if (console != null) {
      builder.console(console);
    }
    return Optional.of(inMemory(builder.build(), context));
  }

  /**
   * The certificate of {@code --client-cert} and {@code --client-key}, presented beside the token;
   * {@code ~} means the home of the stanza's environment, relative paths the working directory.
   */
  @Override
  public Optional<ClientCertificateProvider> clientCertificateForExec(
      ExecConfig exec, PluginContext context) {
    Optional<GetTokenOptions> parsed = options(exec);
    if (parsed.isEmpty() || parsed.get().clientCertificateFile().isEmpty()) {
      return Optional.empty();
    }
    Path home = GoFlags.home(context.environmentFor(exec));
    return Optional.of(
        new ClientCertificateFiles(
            GetTokenOptions.expandHome(parsed.get().clientCertificateFile().get(), home),
            GetTokenOptions.expandHome(parsed.get().clientKeyFile().get(), home)));
  }

  /**
   * The token cache of the stanza's options: the directory, and the key's file with the 10-second
   * {@linkplain CachedTokens#EXPIRY_SKEW expiry skew}; without a token file when a call refreshes
   * ({@code --force-refresh}); empty for storage other than disk.
   */
  @Override
  public Optional<PluginCache> cache(ExecConfig exec, PluginContext context) {
    Map<String, String> env = context.environmentFor(exec);
    return options(exec)
        .filter(o -> o.storage().equals("disk"))
        .map(
            o -> {
              Path home = GoFlags.home(env);
              Path dir = o.cacheDirectory(env, home);
              return o.forceRefresh()
                  ? PluginCache.of(dir)
                  : PluginCache.of(
                      dir, dir.resolve(o.cacheKey(home).fileName()), CachedTokens.EXPIRY_SKEW);
            });
  }

  /** {@code HOME} and {@code KUBECACHEDIR}, which place the token cache. */
  @Override
  public Set<String> environmentVariables() {
    return Set.of("HOME", "KUBECACHEDIR");
  }

  /** The options of {@code exec} when it runs int128's get-token, else empty. */
  private static Optional<GetTokenOptions> options(ExecConfig exec) {
    return getTokenArgs(exec.command(), exec.args()).map(GetTokenOptions::parse);
  }

  @Override
  public Optional<TokenProvider> forAuthProvider(
      AuthProviderConfig authProvider, PluginContext context) {
    if (!"oidc".equals(authProvider.name())) {
      return Optional.empty();
    }
    return Optional.of(
        inMemory(
            new AuthProviderOidcTokenProvider(
                authProvider, context, GoFlags.home(context.environment())),
            context));
  }

  private static TokenProvider inMemory(TokenProvider provider, PluginContext context) {
    return CachingTokenProvider.builder(provider)
        .refreshPolicy(MEMORY_CACHE)
        .clock(context.clock())
        .build();
  }

  /**
   * The {@code get-token} arguments when {@code command args} runs int128's get-token, else empty.
   */
  static Optional<List<String>> getTokenArgs(String command, List<String> args) {
    String base = Path.of(command).getFileName().toString().toLowerCase(Locale.ROOT);
    if (base.endsWith(".exe")) {
      base = base.substring(0, base.length() - 4);
    }
    if (base.equals("kubectl")
        && args.size() >= 2
        && args.get(0).equals("oidc-login")
        && args.get(1).equals("get-token")) {
      return Optional.of(args.subList(2, args.size()));
    }
    if (base.equals("kubectl-oidc_login") && !args.isEmpty() && args.get(0).equals("get-token")) {
      return Optional.of(args.subList(1, args.size()));
    }
    if (base.equals("kubelogin")
        && !args.isEmpty()
        && args.get(0).equals("get-token")
        && args.stream().anyMatch(OidcCredentialPlugin::namesOidcFlag)) {
      return Optional.of(args.subList(1, args.size()));
    }
    return Optional.empty();
  }

  /**
   * Whether {@code arg} names a flag that begins with {@code oidc-}: every such flag is int128's,
   * and Azure's {@code kubelogin} has none, so a {@code kubelogin get-token} command line that
   * names one is int128's (the Azure module declines it by the same rule).
   */
  private static boolean namesOidcFlag(String arg) {
    return arg.startsWith("--oidc-") || arg.startsWith("-oidc-");
  }

  /** The stanza's command line with secret values hidden, for "run …" hints. */
  static String loginHint(ExecConfig exec) {
    List<String> words = new ArrayList<>();
    words.add(exec.command());
    words.addAll(GoFlags.masked(exec.args()));
    return String.join(" ", words);
  }
}
