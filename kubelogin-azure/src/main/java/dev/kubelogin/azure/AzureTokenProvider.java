package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.OpenBrowserAction;
import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.flags.GoFlags;
import dev.kubelogin.core.interactive.Browser;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.core.store.LoginSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Microsoft Entra ID tokens for a cluster, as Azure {@code kubelogin get-token} gets them, in every
 * login mode ({@link LoginMode}), on msal4j.
 *
 * <p>What each mode keeps between calls and processes:
 *
 * <ul>
 *   <li>devicecode, interactive, ropc, spn, workloadidentity, azurepipelines: msal4j's token cache
 *       in {@code <cache-dir>/msal_token_cache.json} (MSAL's unified JSON, 0600, locked across
 *       processes, written atomically). Entries are keyed by authority, client and tenant, so
 *       several tenants share one directory; {@link #removeCache} deletes it. PoP tokens use {@code
 *       msal_pop_token_cache.json} and the key {@code pop_rsa_key.cache}.
 *   <li>msi: msal4j's process-wide memory cache; azurecli and azd: the CLI's own cache.
 * </ul>
 *
 * <p>A bearer token in {@code msal_token_cache.json} that msal4j would serve as it is (fresh for
 * more than 5 minutes, not due for refresh, one unambiguous account) is read straight from the
 * file: such a cache hit builds no msal4j application and no HTTP client. Anything else goes
 * through msal4j.
 *
 * <p>devicecode and interactive need a person: when the cache cannot serve and the provider is not
 * {@linkplain Builder#interactive interactive}, {@link #token()} throws {@link
 * dev.kubelogin.core.InteractionRequiredException} at once instead of waiting for a code nobody
 * will enter. Prompts (the device code) go to the {@linkplain Builder#console console}, standard
 * error by default. Every acquisition is bounded by {@code --timeout}.
 *
 * <p>Thread-safe. Each {@link #token()} reads the cache; wrap it with {@link TokenProvider#cached}
 * (the resolver does) to serve from memory until near expiry.
 */
public final class AzureTokenProvider implements TokenProvider {
  private final AzureOptions options;
  private final Path cacheDirectory;
  private final PopTokens pop;
  private final Clock clock;
  private final LoginFactory loginFactory;
  private final LoginSequence<Login.Result> sequence;
  private volatile Login login;

  private AzureTokenProvider(Builder b) {
    this.options = b.options;
    Map<String, String> env = b.environment;
    this.cacheDirectory =
        b.cacheDirectory != null ? b.cacheDirectory : options.cacheDirectory(env, b.home());
    this.clock = b.clock;
    LoginMode mode = options.login();
    Callable<String> assertion = null;
    switch (mode) {
      case DEVICE_CODE:
      case INTERACTIVE:
      case ROPC:
        requireClientAndTenant();
        break;
      case SERVICE_PRINCIPAL:
        requireClientAndTenant();
        if (options.clientSecret().isEmpty() && options.clientCertificate().isEmpty()) {
          throw new InvalidConfigurationException(
              "spn login needs --client-secret or --client-certificate (or AZURE_CLIENT_SECRET,"
                  + " AZURE_CLIENT_CERTIFICATE_PATH)");
        }
        break;
      case WORKLOAD_IDENTITY:
        requireClientAndTenant();
        assertion = ClientAssertions.workloadIdentity(options, env);
        break;
      case AZURE_PIPELINES:
        requireClientAndTenant();
        assertion = ClientAssertions.azurePipelines(options, env);
        break;
      default:
        break;
    }
    this.pop =
        options.popEnabled() && mode.supportsPop()
            ? PopTokens.open(cacheDirectory, options.popClaims(), b.clock)
            : null;
    this.loginFactory =
        new LoginFactory(
            options,
            env,
            b.home(),
            cacheDirectory,
            b.httpClient,
            b.route,
            pop,
            assertion,
            b.prompts,
            b.browser,
            b.commands);
    this.sequence =
        LoginSequence.builder(
                new MsalCacheView(this::cached, mode.keepsTokens() ? cacheDirectory : null),
                loginFactory.lockName(),
                new AzureLoginSteps(options, this::login))
            .lockWait(options.timeout().plusSeconds(10))
            .clock(clock)
            .interactive(b.interactive)
            .subject(subject())
            .loginHint(b.loginCommand != null ? b.loginCommand : options.commandLine("kubelogin"))
            .build();
  }

  /** What the tokens are for, in "login required" messages. */
  private String subject() {
    return "tenant "
        + options.tenantId().orElse("(default)")
        + (options.clientId().isPresent() ? ", client " + options.clientId().get() : "");
  }

  /** Returns a builder for {@code options}. */
  public static Builder builder(AzureOptions options) {
    return new Builder(options);
  }

  /**
   * Returns a token for {@code <server-id>/.default}: from the cache when fresh, else by the
   * options' login mode.
   *
   * @throws dev.kubelogin.core.InteractionRequiredException when only a person could log in and the
   *     provider is not interactive
   * @throws dev.kubelogin.core.AuthenticationFailedException when Entra ID refuses (the message has
   *     the AADSTS code and description), the login times out, or a CLI fails
   * @throws dev.kubelogin.core.CredentialUnavailableException when the mode cannot work here (no
   *     managed identity endpoint, no CLI, an unreadable token file)
   * @throws InvalidConfigurationException when the options lack what the mode needs, or the client
   *     certificate cannot be used (it is read on the first login, not on cache hits)
   */
  @Override
  public AccessToken token() {
    if (pop != null) {
      return pop.token(sequence.tokens());
    }
    return sequence.token();
  }

  /** The next {@link #token()} skips cached access tokens once (a 401 from the API server). */
  @Override
  public void invalidate(AccessToken rejected) {
    sequence.refreshNext();
  }

  /** The options this provider serves. */
  public AzureOptions options() {
    return options;
  }

  /** The directory of the token cache, PoP key and login locks. */
  public Path cacheDirectory() {
    return cacheDirectory;
  }

  /**
   * Deletes everything this module stores for {@code directory} (Azure kubelogin's {@code
   * remove-cache-dir}): the directory and its contents, and the keyring entries of {@code
   * --token-cache-storage=keyring} for it, looked up through this process's environment. Succeeds
   * when there is nothing to delete.
   *
   * @throws KubeloginException when a file cannot be deleted
   */
  public static void removeCache(Path directory) {
    removeCache(directory, System.getenv());
  }

  /**
   * As {@link #removeCache(Path)}, finding the keyring through {@code env} (on Linux, the D-Bus
   * session bus it names). A keyring that cannot be reached is skipped: it holds nothing of ours.
   *
   * @throws KubeloginException when a file cannot be deleted
   */
  public static void removeCache(Path directory, Map<String, String> env) {
    MsalCacheFile.removeFromKeyring(directory, env);
    if (!java.nio.file.Files.exists(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = java.nio.file.Files.walk(directory)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        java.nio.file.Files.delete(p);
      }
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      throw new KubeloginException("cannot remove cache directory " + directory + ": " + e, e);
    }
  }

  private void requireClientAndTenant() {
    if (options.clientId().isEmpty()) {
      throw new InvalidConfigurationException(
          options.login().flagValue() + " login: client ID cannot be empty (--client-id)");
    }
    if (options.tenantId().isEmpty()) {
      throw new InvalidConfigurationException(
          options.login().flagValue() + " login: tenant ID cannot be empty (--tenant-id)");
    }
  }

  /**
   * A fresh bearer token in the cache file, read without msal4j ({@link MsalCacheReader}); empty
   * for PoP tokens and modes whose tokens live elsewhere.
   */
  private Optional<Login.Result> cached() {
    if (pop != null
        || !options.login().keepsTokens()
        || !options.tokenCacheStorage().equals("disk")) {
      return Optional.empty();
    }
    return MsalCacheReader.find(
        cacheDirectory.resolve(MsalCacheFile.TOKENS), options, clock.instant());
  }

  /** The login of the options' mode, built on first use (msal4j loads only then). */
  private Login login() {
    Login l = login;
    if (l == null) {
      synchronized (this) {
        l = login;
        if (l == null) {
          l = loginFactory.create();
          login = l;
        }
      }
    }
    return l;
  }

  @Override
  public String toString() {
    return "AzureTokenProvider{" + options + "}";
  }

  /** Builds an {@link AzureTokenProvider}. Not thread-safe. */
  public static final class Builder {
    private final AzureOptions options;
    private Map<String, String> environment = System.getenv();
    private Path home;
    private Path cacheDirectory;
    private boolean interactive = true;
    private IHttpClient httpClient;
    private UnaryOperator<URI> route;
    private OpenBrowserAction browser;
    private Consumer<String> prompts = UserConsole.printable(UserConsole.nonInteractive())::println;
    private Clock clock = Clock.systemUTC();
    private String loginCommand;
    private Commands commands = Commands.SYSTEM;

    private Builder(AzureOptions options) {
      this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * The environment variables read at run time ({@code KUBECACHEDIR}, {@code HOME}, {@code
     * AZURE_CONFIG_DIR}, the CI OIDC variables); the process's by default. The options' own
     * environment precedence was applied when they were parsed.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** The home directory for the default cache directory; {@code HOME}, else {@code user.home}. */
    public Builder home(Path home) {
      this.home = Objects.requireNonNull(home, "home");
      return this;
    }

    /** The cache directory, replacing {@code --cache-dir} / {@code KUBECACHEDIR}. */
    public Builder cacheDirectory(Path dir) {
      this.cacheDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Whether a login may involve a person (device code, browser); true by default. */
    public Builder interactive(boolean interactive) {
      this.interactive = interactive;
      return this;
    }

    /**
     * Sends every Entra ID and managed-identity request to {@code route.apply(url)} instead of
     * {@code url}: to a fake identity provider in tests ({@code FakeEntra::redirect} of
     * kubelogin-testing), or through a gateway. Requests go out as without a route: {@link
     * java.net.http.HttpClient} with a 10 s connect and 30 s response timeout, through the proxy
     * the {@linkplain #environment environment} names ({@link
     * dev.kubelogin.core.net.ProxyFromEnvironment}).
     */
    public Builder routeRequests(UnaryOperator<URI> route) {
      this.route = Objects.requireNonNull(route, "route");
      return this;
    }

    /** msal4j's HTTP client for every request; for this module's tests of transport failures. */
    Builder httpClient(IHttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Opens the interactive login's URL (an IDE's browser, a test driver); the system browser by
     * default.
     */
    public Builder browser(Browser browser) {
      Objects.requireNonNull(browser, "browser");
      this.browser =
          url -> {
            try {
              browser.open(url.toString());
            } catch (IOException e) {
              throw new UncheckedIOException("could not open the browser: " + e.getMessage(), e);
            }
          };
      return this;
    }

    /**
     * Where messages for the person go (the device code instructions), shown without control
     * characters; standard error by default. Azure's logins ask no questions.
     */
    public Builder console(UserConsole console) {
      UserConsole printable = UserConsole.printable(Objects.requireNonNull(console, "console"));
      this.prompts = printable::println;
      return this;
    }

    /** The clock for PoP timestamps. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The command named in "login required: run …" errors; secrets must already be hidden. */
    public Builder loginCommand(String command) {
      this.loginCommand = Objects.requireNonNull(command, "command");
      return this;
    }

    Builder commands(Commands commands) {
      this.commands = commands;
      return this;
    }

    private Path home() {
      return home != null ? home : GoFlags.home(environment);
    }

    /**
     * Returns the provider.
     *
     * @throws InvalidConfigurationException when the options lack what the mode needs (client or
     *     tenant id, a secret or certificate, a token file); a certificate that cannot be used is
     *     reported by the first {@link AzureTokenProvider#token()} that needs a login
     */
    public AzureTokenProvider build() {
      if (options.legacy()
          && (options.login() == LoginMode.DEVICE_CODE
              || options.login() == LoginMode.SERVICE_PRINCIPAL)) {
        throw new InvalidConfigurationException(
            "--legacy (Azure AD v1 endpoint tokens with an 'spn:' audience) is not supported;"
                + " drop --legacy to get v2 tokens whose audience is the server id, which"
                + " AKS-managed Entra ID accepts, or convert the kubeconfig with"
                + " `kubelogin convert-kubeconfig -l azurecli` (or another mode)");
      }
      return new AzureTokenProvider(this);
    }
  }
}
