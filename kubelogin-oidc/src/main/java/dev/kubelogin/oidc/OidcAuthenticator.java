package dev.kubelogin.oidc;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.interactive.Browser;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Logs in and refreshes against one OpenID provider with int128/kubelogin's options, without any
 * cache — the "authorizer" half; {@link OidcTokenProvider} adds the int128 token cache and decides
 * when to log in. Every token it returns has been verified (signature from the provider's JWKS,
 * issuer, audience, expiry, nonce).
 *
 * <p>Thread-safe; logins are not serialised here (the token provider does that with its lock).
 */
public final class OidcAuthenticator {
  /** Waits between device-code polls; replaced in tests. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final GetTokenOptions options;
  private final Map<String, String> environment;
  private IdpTransport transport; // built on first use: a cache hit never loads the HTTP stack
  private Discovery discovery;
  private final Clock clock;
  private final Browser browser;
  private final UserConsole console;
  private final boolean interactive;
  private final Path home;
  private final Sleeper sleeper;
  private OidcClient client;
  private IdTokenVerifier verifier;

  private OidcAuthenticator(Builder b) {
    this.options = b.options;
    this.clock = b.clock;
    this.home = b.home;
    this.environment = b.environment;
    this.transport = b.transport;
    this.browser = b.options.skipOpenBrowser() ? null : b.browser;
    this.console = UserConsole.printable(b.console);
    this.interactive = b.interactive;
    this.sleeper = b.sleeper;
  }

  /**
   * Returns a builder for {@code options}: the system browser (or {@code --browser-command}), the
   * process's terminal, interactive, the system clock and environment, and the user's home.
   */
  public static Builder builder(GetTokenOptions options) {
    return new Builder(options);
  }

  static IdpTransport transport(GetTokenOptions o, Map<String, String> env, Path home) {
    List<Path> cas = new ArrayList<>();
    for (String ca : o.certificateAuthorities()) {
      cas.add(GetTokenOptions.expandHome(ca, home));
    }
    IdpTransport.Builder b =
        IdpTransport.builder()
            .certificateAuthorityFiles(cas)
            .certificateAuthorityData(o.certificateAuthorityData())
            .insecureSkipTlsVerify(o.insecureSkipTlsVerify())
            .proxyFromEnvironment(env);
    if (o.requestHeaders() != null) {
      b.requestHeaders(o.requestHeaders());
    }
    return b.build();
  }

  /** The options this authenticator logs in with. */
  public GetTokenOptions options() {
    return options;
  }

  /**
   * Whether {@link #login()} needs a person: the browser and keyboard code grants, the device
   * grant, and the password grant when the username or password is missing.
   */
  public boolean loginNeedsInteraction() {
    switch (options.grantType()) {
      case CLIENT_CREDENTIALS:
        return false;
      case PASSWORD:
        return options.username().isEmpty() || options.password().isEmpty();
      default:
        return true;
    }
  }

  /**
   * Logs in with the configured grant.
   *
   * @return the verified token and the refresh token, if the provider issued one
   * @throws InteractionRequiredException when the grant needs a person and this authenticator is
   *     not interactive
   * @throws AuthenticationFailedException when the provider refuses, answers something invalid, or
   *     the login times out
   */
  public CachedTokens login() {
    if (!interactive && loginNeedsInteraction()) {
      throw new InteractionRequiredException(
          "login required: the "
              + options.grantType().flag()
              + " grant for "
              + options.issuerUrl()
              + " needs a person and this program cannot ask one; run `kubectl oidc-login"
              + " get-token` with the same arguments in a terminal (or log in with `kubelogin"
              + " setup`) and try again");
    }
    switch (options.grantType()) {
      case AUTHCODE_KEYBOARD:
        return KeyboardGrant.login(this); // a person types: each request bounded on its own
      case DEVICE_CODE:
        return DeviceCodeGrant.login(this); // bounded by the provider's expires_in
      case PASSWORD:
        return withinAuthenticationTimeout(() -> PasswordGrant.login(this));
      case CLIENT_CREDENTIALS:
        return withinAuthenticationTimeout(() -> ClientCredentialsGrant.login(this));
      default:
        return withinAuthenticationTimeout(() -> AuthorizationCodeGrant.login(this));
    }
  }

  /**
   * Runs a login or refresh so that all its requests to the provider, discovery and keys included,
   * are answered within {@code --authentication-timeout-sec}, or it fails saying so.
   */
  private CachedTokens withinAuthenticationTimeout(Supplier<CachedTokens> work) {
    return LoginDeadline.within(Duration.ofSeconds(options.authenticationTimeoutSeconds()), work);
  }

  /**
   * Refreshes with {@code refreshToken} ({@code grant_type=refresh_token}, no scope, as int128);
   * keeps {@code refreshToken} when the provider does not rotate it.
   *
   * @throws OAuthErrorException with {@code invalid_grant} when the refresh token is no longer
   *     valid
   * @throws AuthenticationFailedException for any other failure
   */
  public CachedTokens refresh(String refreshToken) {
    Objects.requireNonNull(refreshToken, "refreshToken");
    return withinAuthenticationTimeout(
        () -> verified(client().refresh(refreshToken), null, refreshToken));
  }

  // --- for the grants ---

  synchronized OidcClient client() {
    if (discovery == null) {
      if (transport == null) {
        transport = transport(options, environment, home);
      }
      discovery = new Discovery(transport, clock);
    }
    ProviderMetadata metadata = discovery.metadata(options.issuerUrl());
    if (client == null || !client.metadata().equals(metadata)) {
      client = new OidcClient(transport, metadata, options.clientId(), options.clientSecret());
      verifier = new IdTokenVerifier(transport, metadata, clock);
    }
    return client;
  }

  private synchronized IdTokenVerifier verifier() {
    client();
    return verifier;
  }

  Clock clock() {
    return clock;
  }

  boolean interactive() {
    return interactive;
  }

  UserConsole console() {
    return console;
  }

  Path expandHome(String path) {
    return GetTokenOptions.expandHome(path, home);
  }

  /** The extra scopes, then {@code openid}, space-separated. */
  String scope() {
    List<String> scopes = new ArrayList<>(options.extraScopes());
    scopes.add("openid");
    return String.join(" ", scopes);
  }

  /**
   * Sends the person to {@code url}: the browser, or a printed URL. Only {@code https} URLs, and
   * {@code http} ones on a loopback host, are opened: the URL comes from the provider, and a
   * browser asked to open {@code file:}, {@code javascript:} or a plain-HTTP page elsewhere is not
   * what the person expects from a login.
   */
  void showUrl(String url) {
    if (browser == null) {
      console.println("Please visit the following URL in your browser: " + url);
      return;
    }
    if (!opensInBrowser(url)) {
      console.println(
          "The identity provider sent a URL this program does not open (only https, or http on"
              + " this machine): "
              + url
              + "\nVisit it yourself if you trust it.");
      return;
    }
    try {
      browser.open(url);
    } catch (IOException | RuntimeException e) {
      console.println(
          "error: could not open the browser: "
              + e.getMessage()
              + "\n\nPlease visit the following URL in your browser manually: "
              + url);
    }
  }

  static boolean opensInBrowser(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return !host.isEmpty();
    }
    return scheme.equals("http")
        && (host.equals("localhost")
            || host.equals("[::1]")
            || host.equals("::1")
            || host.matches("127(\\.\\d{1,3}){3}"));
  }

  void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuthenticationFailedException("interrupted while waiting for the login", e);
    }
  }

  /**
   * Verifies a token response and returns what to cache: the ID token (or the access token in
   * access-token mode) and the new refresh token, else {@code previousRefreshToken}.
   */
  CachedTokens verified(TokenResponse r, String nonce, String previousRefreshToken) {
    IdTokenVerifier v = verifier();
    String credential;
    if (options.useAccessToken()) {
      credential = r.accessToken;
      boolean jwt = credential.chars().filter(c -> c == '.').count() == 2;
      if (jwt || options.grantType() != GrantType.CLIENT_CREDENTIALS) {
        v.verify(credential, "the access token", null, null);
      }
      if (r.idToken != null) {
        v.verify(r.idToken, "the ID token", options.clientId(), nonce);
      }
    } else {
      if (r.idToken == null) {
        throw new AuthenticationFailedException(
            "id_token is missing in the token response; check that the client may use the openid"
                + " scope, or use --oidc-use-access-token");
      }
      v.verify(r.idToken, "the ID token", options.clientId(), nonce);
      credential = r.idToken;
    }
    return new CachedTokens(
        credential, r.refreshToken != null ? r.refreshToken : previousRefreshToken);
  }

  @Override
  public String toString() {
    return "OidcAuthenticator{" + options + "}";
  }

  /** Builds an {@link OidcAuthenticator}. Not thread-safe. */
  public static final class Builder {
    private final GetTokenOptions options;
    private Browser browser;
    private UserConsole console = UserConsole.system();
    private boolean interactive = true;
    private Clock clock = Clock.systemUTC();
    private Map<String, String> environment = System.getenv();
    private Path home = Path.of(System.getProperty("user.home"));
    private IdpTransport transport;
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

    private Builder(GetTokenOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      this.browser =
          options.browserCommand().isPresent()
              ? Browser.command(options.browserCommand().get())
              : Browser.system();
    }

    /** Sets how URLs are opened; {@code --skip-open-browser} still wins and prints them. */
    public Builder browser(Browser browser) {
      this.browser = Objects.requireNonNull(browser, "browser");
      return this;
    }

    /** Sets where messages go and prompts are answered. */
    public Builder console(UserConsole console) {
      this.console = Objects.requireNonNull(console, "console");
      return this;
    }

    /**
     * Sets whether a login may involve a person; when false, a login that needs one fails with
     * {@link InteractionRequiredException}. True by default.
     */
    public Builder interactive(boolean interactive) {
      this.interactive = interactive;
      return this;
    }

    /** Sets the clock for token expiry checks. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the environment for proxy variables; the process's by default. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** Sets the home directory for {@code ~} in paths. */
    public Builder home(Path home) {
      this.home = Objects.requireNonNull(home, "home");
      return this;
    }

    /** Sets the transport; by default one is built from the options' TLS and header flags. */
    public Builder transport(IdpTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /**
     * Returns the authenticator.
     *
     * @throws dev.kubelogin.core.InvalidConfigurationException when a CA file cannot be read
     */
    public OidcAuthenticator build() {
      return new OidcAuthenticator(this);
    }
  }
}
