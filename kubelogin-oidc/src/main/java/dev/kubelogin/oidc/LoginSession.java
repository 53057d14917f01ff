package dev.kubelogin.oidc;

import dev.kubelogin.core.AuthenticationFailedException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the grants log in with: the provider (discovered on first use, so a cache hit never loads
 * the HTTP stack), the token checks, the browser and console, the clock and the waits. One per
 * {@link OidcAuthenticator}; the grants take it and never call back into the authenticator.
 * Thread-safe.
 */
final class LoginSession {
  private static final Logger LOG = LoggerFactory.getLogger(LoginSession.class);

  private final GetTokenOptions options;
  private final Map<String, String> environment;
  private final Path home;
  private IdpTransport transport;
  private Discovery discovery;
  private final Clock clock;
  private final Browser browser;
  private final UserConsole console;
  private final OidcAuthenticator.Sleeper sleeper;
  private OidcClient client;
  private IdTokenVerifier verifier;
  private volatile Path dpopKeyFile;
  private ClientAuthentication authentication;

  LoginSession(
      GetTokenOptions options,
      Map<String, String> environment,
      Path home,
      IdpTransport transport,
      Clock clock,
      Browser browser,
      UserConsole console,
      OidcAuthenticator.Sleeper sleeper) {
    this.options = options;
    this.environment = environment;
    this.home = home;
    this.transport = transport;
    this.clock = clock;
    this.browser = browser;
    this.console = console;
    this.sleeper = sleeper;
  }

  GetTokenOptions options() {
    return options;
  }

  /** Where {@code --oidc-dpop} keeps its key; in memory when never set. */
  void dpopKeyFile(Path file) {
    this.dpopKeyFile = file;
  }

  /**
   * The DPoP proofs of {@code --oidc-dpop} when the provider advertises ES256 for DPoP; otherwise
   * none, with a warning when they were asked for.
   */
  private DpopProofs dpop(ProviderMetadata metadata) {
    if (!options.dpop()) {
      return null;
    }
    if (!metadata.dpopSigningAlgorithms().contains("ES256")) {
      LOG.warn(
          "--oidc-dpop: the provider {} does not advertise ES256 in"
              + " dpop_signing_alg_values_supported; tokens are not bound to a key",
          metadata.issuer());
      return null;
    }
    return dpopKeyFile != null ? DpopProofs.load(dpopKeyFile, clock) : DpopProofs.inMemory(clock);
  }

  static IdpTransport transport(
      GetTokenOptions o, Map<String, String> env, Path home, ClientAuthentication authentication) {
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
    authentication.tlsCertificate().ifPresent(b::clientCertificate);
    if (o.requestHeaders() != null) {
      b.requestHeaders(o.requestHeaders());
    }
    return b.build();
  }

  /** The client's authentication, its key files read once. */
  private synchronized ClientAuthentication authentication() {
    if (authentication == null) {
      authentication = ClientAuthentication.of(options, home, clock);
    }
    return authentication;
  }

  synchronized OidcClient client() {
    if (discovery == null) {
      if (transport == null) {
        transport = transport(options, environment, home, authentication());
      }
      discovery = new Discovery(transport, clock, ProviderMetadata.Overrides.of(options));
    }
    ProviderMetadata metadata = discovery.metadata(options.issuerUrl());
    if (client == null || !client.metadata().equals(metadata)) {
      client =
          new OidcClient(
              transport,
              metadata,
              options.clientId(),
              options.clientSecret(),
              authentication(),
              dpop(metadata));
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

  UserConsole console() {
    return console;
  }

  Path expandHome(String path) {
    return GetTokenOptions.expandHome(path, home);
  }

  /**
   * The extra scopes, then {@code openid}, space-separated; with {@code --oidc-offline-access},
   * {@code offline_access} too, unless discovery lists the scopes it supports without it.
   */
  String scope() {
    List<String> scopes = new ArrayList<>(options.extraScopes());
    scopes.add("openid");
    if (options.offlineAccess() && !scopes.contains(OFFLINE_ACCESS)) {
      List<String> supported = client().metadata().scopesSupported();
      if (supported.isEmpty() || supported.contains(OFFLINE_ACCESS)) {
        scopes.add(OFFLINE_ACCESS);
      } else {
        LOG.warn(
            "{} does not list the offline_access scope, so it is not requested; a refresh token"
                + " may need --oidc-auth-request-access-type=offline (Google) or none is issued",
            options.issuerUrl());
      }
    }
    return String.join(" ", scopes);
  }

  static final String OFFLINE_ACCESS = "offline_access";

  /** Whether a browser login opens a browser (no {@code --skip-open-browser}). */
  boolean opensBrowser() {
    return browser != null;
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
   * What to cache of a token exchange's answer: the issued token ({@code access_token} holds it
   * whatever its type, RFC 8693 §2.2.1), verified against the provider's keys when it is a JWT.
   */
  CachedTokens exchanged(TokenResponse r) {
    String issued = r.accessToken;
    if (issued.chars().filter(c -> c == '.').count() == 2) {
      verifier().verify(issued, "the exchanged token", null, null);
    }
    return new CachedTokens(issued, null);
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
}
