package dev.kubelogin.oidc;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.RefreshPolicy;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.interactive.Browser;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.core.store.FileTokenStore;
import dev.kubelogin.core.store.KeyringTokenStore;
import dev.kubelogin.core.store.LoginSequence;
import dev.kubelogin.core.store.TokenStore;
import dev.kubelogin.oidc.cache.CachedTokens;
import dev.kubelogin.oidc.cache.TokenCacheKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * int128/kubelogin's {@code get-token} as a {@link TokenProvider}: the same options, the same cache
 * file (directory, name, JSON, {@code <key>.lock}), the same decisions — with the Go tool's gaps
 * closed:
 *
 * <ul>
 *   <li>A cached token is served while more than {@link CachedTokens#EXPIRY_SKEW} (10 s) remains;
 *       in the last fifth of its lifetime (at most 5 minutes, {@link RefreshPolicy}) it is
 *       refreshed ahead of expiry when there is a refresh token, and still served if that refresh
 *       fails.
 *   <li>A cache hit takes no lock and makes no network call. Otherwise the {@code <key>.lock} file
 *       is held (waiting at most {@code --authentication-timeout-sec} + 10 s, then failing with a
 *       clear message), the cache is read again (another process may have logged in meanwhile),
 *       then refresh, then login; the result is written atomically (0600) before it is returned.
 *   <li>When the refresh fails (for example {@code invalid_grant}) and the login would need a
 *       person but this provider is not interactive, it fails fast with {@link
 *       InteractionRequiredException} saying why and what to run — no browser tab, no hang.
 *   <li>{@code --force-refresh} applies to the first call only; {@link #invalidate(AccessToken)}
 *       forces one refresh when the API server rejected the current token.
 * </ul>
 *
 * <p>Storage {@code keyring} keeps the same record in the operating system's keyring under int128's
 * names (service {@code kubelogin}, account {@code kubelogin/tokencache/<key>}; see {@link
 * KeyringTokenStore}), with the lock file still in the cache directory; where there is no keyring,
 * {@link #token()} fails before any login with a message saying what to start or to use disk.
 * Storage {@code none} keeps tokens in this provider's memory only. Thread-safe.
 */
public final class OidcTokenProvider implements TokenProvider {
  /** int128's (go-keyring's) keyring service name. */
  static final String KEYRING_SERVICE = "kubelogin";

  /** The DPoP key's file in the cache directory ({@code --oidc-dpop}). */
  static final String DPOP_KEY_FILE = "dpop_ec_key.jwk";

  /** Put before the cache key to make int128's keyring account name. */
  static final String KEYRING_ACCOUNT_PREFIX = "kubelogin/tokencache/";

  private final TokenCacheKey key;
  private final FileTokenStore<CachedTokens> files;
  private final KeyringTokenStore<CachedTokens> keyring;
  private final LoginSequence<CachedTokens> sequence;
  private final LoginSequence<CachedTokens> exchanged;

  private OidcTokenProvider(Builder b) {
    GetTokenOptions o = b.options;
    OidcAuthenticator authenticator = b.authenticator.build();
    this.key = o.cacheKey(b.home);
    String storage = o.storage();
    TokenStore<CachedTokens> store;
    Path dir =
        b.cacheDirectory != null ? b.cacheDirectory : o.cacheDirectory(b.environment, b.home);
    if (!storage.equals("none")) {
      authenticator.dpopKeyFile(dir.resolve(DPOP_KEY_FILE));
      authenticator.browserLoginRecord(dir.resolve(key.fileName() + ".browser-logins"));
    }
    if (storage.equals("disk")) {
      this.files = FileTokenStore.create(dir, CachedTokens.CODEC);
      this.keyring = null;
      store = new CandidateNames(files, key);
    } else if (storage.equals("keyring")) {
      this.files = null;
      this.keyring =
          KeyringTokenStore.create(
              KEYRING_SERVICE, KEYRING_ACCOUNT_PREFIX, dir, CachedTokens.CODEC, b.environment);
      store = keyring;
    } else {
      this.files = null;
      this.keyring = null;
      store = TokenStore.inMemory();
    }
    this.sequence =
        LoginSequence.builder(store, key.fileName(), new Steps(authenticator, b.policy))
            .lockWait(
                b.lockWait != null
                    ? b.lockWait
                    : Duration.ofSeconds(o.authenticationTimeoutSeconds() + 10L))
            .clock(authenticator.clock())
            .interactive(authenticator.interactive())
            .refreshFirst(o.forceRefresh())
            .subject(o.issuerUrl())
            .loginHint(b.loginHint)
            .build();
    this.exchanged =
        o.tokenExchangeAudience().isEmpty()
            ? null
            : LoginSequence.builder(
                    store, exchangeName(key, o), new ExchangeSteps(authenticator, sequence))
                .lockWait(
                    b.lockWait != null
                        ? b.lockWait
                        : Duration.ofSeconds(o.authenticationTimeoutSeconds() + 10L))
                .clock(authenticator.clock())
                .interactive(authenticator.interactive())
                .refreshFirst(o.forceRefresh())
                .subject(o.issuerUrl() + " for " + o.tokenExchangeAudience().get())
                .build();
  }

  /**
   * Where an exchanged token is kept: beside the login's, under the SHA-256 of the login's name and
   * the exchange's audience, requested token type and scope, so each audience has its own.
   */
  static String exchangeName(TokenCacheKey key, GetTokenOptions o) {
    String exchange =
        key.fileName()
            + "\ntoken-exchange\n"
            + o.tokenExchangeAudience().orElse("")
            + "\n"
            + o.tokenExchangeRequestedTokenType()
            + "\n"
            + o.tokenExchangeScope().orElse("");
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(exchange.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns a builder for the options of a {@code get-token} command line. */
  public static Builder builder(GetTokenOptions options) {
    return new Builder(options);
  }

  /** The cache key these options give (also the file name in the cache directory). */
  public TokenCacheKey cacheKey() {
    return key;
  }

  /**
   * Removes every int128/kubelogin token from the operating system's keyring, whatever its cache
   * directory or key, as int128's {@code clean} does.
   *
   * @param environment the environment to find the keyring by (on Linux, the D-Bus session bus)
   * @return how many there were
   * @throws dev.kubelogin.core.KubeloginException when the keyring cannot be reached or refuses
   */
  public static int removeKeyringTokens(Map<String, String> environment) {
    return KeyringTokenStore.deleteAll(KEYRING_SERVICE, environment);
  }

  /** The token cache file written by this provider; empty with storage other than disk. */
  public Optional<Path> cacheFile() {
    return Optional.ofNullable(files).map(s -> s.fileOf(key.fileName()));
  }

  /**
   * Returns the cached token, refreshed or obtained by logging in when needed.
   *
   * @throws InteractionRequiredException when a login needs a person and this provider is not
   *     interactive
   * @throws AuthenticationFailedException when the provider refuses or the login fails
   * @throws dev.kubelogin.core.KubeloginException when the cache cannot be written or its lock not
   *     taken in time
   */
  @Override
  public AccessToken token() {
    return exchanged != null ? exchanged.token() : sequence.token();
  }

  /** Forces a refresh on the next call when {@code rejected} is the token this provider serves. */
  @Override
  public void invalidate(AccessToken rejected) {
    (exchanged != null ? exchanged : sequence).invalidate(rejected);
  }

  @Override
  public String toString() {
    return "OidcTokenProvider{issuer="
        + key.issuerUrl()
        + ", clientId="
        + key.clientId()
        + ", cache="
        + cacheFile()
            .map(Path::toString)
            .orElse(keyring != null ? "keyring " + keyring.accountOf(key.fileName()) : "memory")
        + "}";
  }

  /** The token served from {@code t}: its credential, expiry and refresh time. */
  private static AccessToken served(CachedTokens t, Optional<Instant> refreshAt) {
    AccessToken.Builder b = AccessToken.builder(t.idToken());
    t.expiresAt().ifPresent(b::expiresAt);
    refreshAt.ifPresent(b::refreshAt);
    return b.build();
  }

  /** int128's decisions as the steps of the login sequence. */
  private static final class Steps implements LoginSequence.Steps<CachedTokens> {
    private final OidcAuthenticator authenticator;
    private final RefreshPolicy policy;

    Steps(OidcAuthenticator authenticator, RefreshPolicy policy) {
      this.authenticator = authenticator;
      this.policy = policy;
    }

    /** The ID token, with its expiry and, when it will be refreshed ahead, its refresh time. */
    @Override
    public AccessToken accessToken(CachedTokens t) {
      return served(t, refreshFrom(t));
    }

    @Override
    public boolean validAt(CachedTokens t, Instant now) {
      return t.isValidAt(now);
    }

    /** In the advisory window of its lifetime, when it has an {@code iat} and a refresh token. */
    @Override
    public Optional<Instant> refreshFrom(CachedTokens t) {
      Optional<Instant> exp = t.expiresAt();
      Optional<Instant> iat = t.issuedAt();
      if (exp.isEmpty()
          || iat.isEmpty()
          || !iat.get().isBefore(exp.get())
          || t.refreshToken().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          exp.get().minus(policy.advisoryWindow(Duration.between(iat.get(), exp.get()))));
    }

    @Override
    public Optional<CachedTokens> refresh(Optional<CachedTokens> current, boolean forced) {
      Optional<String> refreshToken = current.flatMap(CachedTokens::refreshToken);
      return refreshToken.map(authenticator::refresh);
    }

    @Override
    public Optional<String> personNeededBy() {
      return authenticator.loginNeedsInteraction()
          ? Optional.of("the " + authenticator.options().grantType().flag() + " login")
          : Optional.empty();
    }

    @Override
    public CachedTokens login(boolean forced) {
      return authenticator.login();
    }
  }

  /**
   * The steps of an exchanged token (RFC 8693): it has no refresh token, so a token that expired or
   * was rejected is exchanged again, from the login's token that the login sequence serves (logging
   * in or refreshing as it decides). When the provider no longer accepts that token, it is
   * invalidated and the exchange tried once more with the next one.
   */
  private static final class ExchangeSteps implements LoginSequence.Steps<CachedTokens> {
    private final OidcAuthenticator authenticator;
    private final LoginSequence<CachedTokens> login;

    ExchangeSteps(OidcAuthenticator authenticator, LoginSequence<CachedTokens> login) {
      this.authenticator = authenticator;
      this.login = login;
    }

    @Override
    public AccessToken accessToken(CachedTokens t) {
      return served(t, Optional.empty());
    }

    @Override
    public boolean validAt(CachedTokens t, Instant now) {
      return t.isValidAt(now);
    }

    @Override
    public Optional<Instant> refreshFrom(CachedTokens t) {
      return Optional.empty();
    }

    @Override
    public Optional<CachedTokens> refresh(Optional<CachedTokens> current, boolean forced) {
      return Optional.empty();
    }

    /** The exchange needs no person; the login it starts from says so itself when it does. */
    @Override
    public Optional<String> personNeededBy() {
      return Optional.empty();
    }

    @Override
    public CachedTokens login(boolean forced) {
      AccessToken subject = login.token();
      try {
        return authenticator.exchange(subject.value());
      } catch (OAuthErrorException e) {
        if (!"invalid_grant".equals(e.error())) {
          throw e;
        }
        login.invalidate(subject);
        return authenticator.exchange(login.token().value());
      }
    }
  }

  /**
   * The cache directory under the file names int128 may have used for the key: read under each,
   * written and locked under the sorted one.
   */
  private static final class CandidateNames implements TokenStore<CachedTokens> {
    private final FileTokenStore<CachedTokens> files;
    private final TokenCacheKey key;

    CandidateNames(FileTokenStore<CachedTokens> files, TokenCacheKey key) {
      this.files = files;
      this.key = key;
    }

    @Override
    public Optional<CachedTokens> load(String name) {
      if (!name.equals(key.fileName())) {
        return files.load(name);
      }
      for (String candidate : key.fileNameCandidates()) {
        Optional<CachedTokens> t = files.load(candidate);
        if (t.isPresent()) {
          return t;
        }
      }
      return Optional.empty();
    }

    @Override
    public void store(String name, CachedTokens value) {
      files.store(name, value);
    }

    @Override
    public void delete(String name) {
      files.delete(name);
    }

    @Override
    public Lock lock(String name, Duration maxWait) {
      return files.lock(name, maxWait);
    }
  }

  /** Builds an {@link OidcTokenProvider}. Not thread-safe. */
  public static final class Builder {
    private final GetTokenOptions options;
    private final OidcAuthenticator.Builder authenticator;
    private Map<String, String> environment = System.getenv();
    private Path home = Path.of(System.getProperty("user.home"));
    private Path cacheDirectory;
    private Duration lockWait;
    private RefreshPolicy policy = RefreshPolicy.defaults();
    private String loginHint = "kubectl oidc-login get-token <the same arguments>";

    private Builder(GetTokenOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      this.authenticator = OidcAuthenticator.builder(options);
    }

    /** Sets how URLs are opened (see {@link OidcAuthenticator.Builder#browser}). */
    public Builder browser(Browser browser) {
      authenticator.browser(browser);
      return this;
    }

    /** Sets where messages go and prompts are answered. */
    public Builder console(UserConsole console) {
      authenticator.console(console);
      return this;
    }

    /** Sets the transport; by default one is built from the options' TLS and header flags. */
    public Builder transport(IdpTransport transport) {
      authenticator.transport(transport);
      return this;
    }

    /**
     * Sets whether a login may involve a person (true by default). When false, a login that needs
     * one fails fast with {@link InteractionRequiredException}.
     */
    public Builder interactive(boolean interactive) {
      authenticator.interactive(interactive);
      return this;
    }

    /** Sets the clock. */
    public Builder clock(Clock clock) {
      authenticator.clock(clock);
      return this;
    }

    /**
     * Sets the environment ({@code KUBECACHEDIR}, proxies, the D-Bus session bus of keyring
     * storage); the process's by default.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      authenticator.environment(environment);
      return this;
    }

    /** Sets the home directory for {@code ~} and the default cache directory. */
    public Builder home(Path home) {
      this.home = Objects.requireNonNull(home, "home");
      authenticator.home(home);
      return this;
    }

    /** Overrides the cache directory the options and environment give. */
    public Builder cacheDirectory(Path directory) {
      this.cacheDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Sets how long to wait for another process's login for the same cache key; by default the
     * authentication timeout plus 10 s.
     */
    public Builder lockWait(Duration wait) {
      this.lockWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /** Sets when a cached token counts as due for refresh; {@link RefreshPolicy#defaults()}. */
    public Builder refreshPolicy(RefreshPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Sets the command named in "login required" errors. */
    public Builder loginHint(String command) {
      this.loginHint = Objects.requireNonNull(command, "command");
      return this;
    }

    /** Returns the provider. */
    public OidcTokenProvider build() {
      return new OidcTokenProvider(this);
    }
  }
}
