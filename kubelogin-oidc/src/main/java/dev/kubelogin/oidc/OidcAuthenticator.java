package dev.kubelogin.oidc;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.interactive.Browser;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
  private final boolean interactive;
  private final LoginSession session;
  private final Path home;
  private volatile BrowserLoginRecord browserLogins;

  private OidcAuthenticator(Builder b) {
    this.options = b.options;
    this.home = b.home;
    this.interactive = b.interactive;
    this.session =
        new LoginSession(
            b.options,
            b.environment,
            b.home,
            b.transport,
            b.clock,
            b.options.skipOpenBrowser() ? null : b.browser,
            UserConsole.printable(b.console),
            b.sleeper);
  }

  /**
   * Returns a builder for {@code options}: the system browser (or {@code --browser-command}), the
   * process's terminal, interactive, the system clock and environment, and the user's home.
   */
  public static Builder builder(GetTokenOptions options) {
    return new Builder(options);
  }

  /** The options this authenticator logs in with. */
  public GetTokenOptions options() {
    return options;
  }

  /** The provider's discovery document (fetched when not yet). */
  ProviderMetadata metadata() {
    return session.client().metadata();
  }

  /** Keeps the DPoP key of {@code --oidc-dpop} in {@code file} (beside the token cache). */
  void dpopKeyFile(Path file) {
    session.dpopKeyFile(file);
  }

  /** The home directory {@code ~} in paths means. */
  Path home() {
    return home;
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
        return KeyboardGrant.login(session); // a person types: each request bounded on its own
      case DEVICE_CODE:
        return DeviceCodeGrant.login(session); // bounded by the provider's expires_in
      case PASSWORD:
        return withinAuthenticationTimeout(() -> PasswordGrant.login(session));
      case CLIENT_CREDENTIALS:
        return withinAuthenticationTimeout(() -> ClientCredentialsGrant.login(session));
      default:
        BrowserLoginRecord record = browserLogins;
        if (record == null || !session.opensBrowser()) {
          return withinAuthenticationTimeout(() -> AuthorizationCodeGrant.login(session));
        }
        if (!options.forceRefresh()) { // the person's own run opens a tab whatever the record
          record.starting(options.issuerUrl());
        }
        CachedTokens tokens =
            withinAuthenticationTimeout(() -> AuthorizationCodeGrant.login(session));
        record.answered();
        return tokens;
    }
  }

  /**
   * Keeps the record of unanswered browser logins in {@code file} (beside the token cache), so that
   * after {@link BrowserLoginRecord#LIMIT} of them no further tab is opened.
   */
  void browserLoginRecord(Path file) {
    this.browserLogins = new BrowserLoginRecord(file, session.clock());
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
        () -> session.verified(session.client().refresh(refreshToken), null, refreshToken));
  }

  /**
   * Exchanges {@code subjectToken} (what a login of these options yields: the ID token, or the
   * access token with {@code --oidc-use-access-token}) for a token for the options' {@code
   * --oidc-token-exchange-audience} (RFC 8693); a JWT answer is verified against the provider's
   * keys. The result has no refresh token: it is exchanged again when it expires.
   *
   * @throws OAuthErrorException with {@code invalid_grant} when the provider no longer accepts the
   *     subject token
   * @throws AuthenticationFailedException for any other failure
   */
  CachedTokens exchange(String subjectToken) {
    Objects.requireNonNull(subjectToken, "subjectToken");
    String prefix = "urn:ietf:params:oauth:token-type:";
    String audience = options.tokenExchangeAudience().orElseThrow();
    return withinAuthenticationTimeout(
        () -> {
          TokenResponse r =
              session
                  .client()
                  .tokenExchange(
                      subjectToken,
                      prefix + (options.useAccessToken() ? "access_token" : "id_token"),
                      audience,
                      prefix + options.tokenExchangeRequestedTokenType(),
                      options.tokenExchangeScope().orElse(null));
          return session.exchanged(r);
        });
  }

  /** The clock logins and cache decisions use. */
  Clock clock() {
    return session.clock();
  }

  boolean interactive() {
    return interactive;
  }

  /** Whether a login may send the person to {@code url} in a browser; see {@link LoginSession}. */
  static boolean opensInBrowser(String url) {
    return LoginSession.opensInBrowser(url);
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
