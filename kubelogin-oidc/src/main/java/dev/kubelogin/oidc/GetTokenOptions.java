package dev.kubelogin.oidc;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.flags.GoFlagSet;
import dev.kubelogin.oidc.cache.TokenCacheKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The options of int128/kubelogin's {@code get-token}, parsed from its command-line arguments with
 * the Go tool's flag rules (pflag): {@code --flag=value} and {@code --flag value}; booleans take a
 * value only with {@code =}; {@code --oidc-extra-scope} and {@code --listen-address} split on
 * commas and accumulate; {@code --certificate-authority(-data)} accumulate without splitting;
 * {@code k=v} maps split on commas and merge. klog flags ({@code -v}, {@code --v=N}, …) are
 * accepted and ignored.
 *
 * <p>An exec stanza of a kubeconfig that runs {@code kubectl oidc-login get-token …} parses to the
 * same options, and so to the same cache entry, as the Go tool. Immutable; {@link #toString()}
 * hides the client secret and password.
 */
public final class GetTokenOptions {
  /** int128's default loopback addresses. */
  public static final List<String> DEFAULT_LISTEN_ADDRESSES =
      List.of("127.0.0.1:8000", "127.0.0.1:18000");

  private final Map<String, String> strings;
  private final Map<String, List<String>> lists;
  private final Map<String, Boolean> bools;
  private final Map<String, Map<String, String>> maps;

  GetTokenOptions(
      Map<String, String> strings,
      Map<String, List<String>> lists,
      Map<String, Boolean> bools,
      Map<String, Map<String, String>> maps) {
    this.strings = Map.copyOf(strings);
    this.lists = Map.copyOf(lists);
    this.bools = Map.copyOf(bools);
    Map<String, Map<String, String>> m = new LinkedHashMap<>();
    maps.forEach((k, v) -> m.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    this.maps = Collections.unmodifiableMap(m);
  }

  /**
   * Parses the arguments that follow {@code get-token}.
   *
   * @throws InvalidConfigurationException for an unknown flag, a missing value, a positional
   *     argument, or a missing {@code --oidc-issuer-url} / {@code --oidc-client-id}
   */
  public static GetTokenOptions parse(List<String> args) {
    return validated(GetTokenFlags.parse(args));
  }

  /** The get-token flags, as declared (for help and completion). */
  public static GoFlagSet flags() {
    return GetTokenFlags.FLAGS;
  }

  private static GetTokenOptions validated(GetTokenOptions options) {
    if (options.issuerUrl().isEmpty()) {
      throw new InvalidConfigurationException("get-token: --oidc-issuer-url is missing");
    }
    if (options.clientId().isEmpty()) {
      throw new InvalidConfigurationException("get-token: --oidc-client-id is missing");
    }
    options.grantType();
    options.pkceMethod();
    options.storage();
    options.accessType();
    options.authenticationTimeoutSeconds();
    for (String flag : ENDPOINT_FLAGS) {
      options.endpoint(flag);
    }
    if (options.localServerCert().isPresent() != options.localServerKey().isPresent()) {
      throw new InvalidConfigurationException(
          "get-token: --local-server-cert and --local-server-key must be given together");
    }
    options.clientAuthMethod();
    options.tokenExchangeRequestedTokenType();
    if (options.tokenExchangeAudience().isEmpty()
        && (!options.string("oidc-token-exchange-requested-token-type").isEmpty()
            || options.tokenExchangeScope().isPresent())) {
      throw new InvalidConfigurationException(
          "get-token: --oidc-token-exchange-requested-token-type and --oidc-token-exchange-scope"
              + " need --oidc-token-exchange-audience");
    }
    if (options.clientCertificateFile().isPresent() != options.clientKeyFile().isPresent()) {
      throw new InvalidConfigurationException(
          "get-token: --client-cert and --client-key must be given together");
    }
    return options;
  }

  /**
   * Returns a builder for the options of a Java program, with the same meaning (and cache key) as
   * the flags named on each method.
   */
  public static Builder builder(String issuerUrl, String clientId) {
    return new Builder(issuerUrl, clientId);
  }

  private String string(String name) {
    return strings.getOrDefault(name, "");
  }

  /** {@code --oidc-issuer-url}. */
  public String issuerUrl() {
    return string("oidc-issuer-url");
  }

  /** {@code --oidc-client-id}. */
  public String clientId() {
    return string("oidc-client-id");
  }

  /** {@code --oidc-client-secret}; empty when none. */
  public String clientSecret() {
    return string("oidc-client-secret");
  }

  /**
   * {@code --oidc-dpop}: send DPoP proofs (RFC 9449) to the token endpoint when discovery lists
   * ES256 in {@code dpop_signing_alg_values_supported}, so the provider binds the tokens (the
   * refresh token above all) to a key kept beside the cache.
   */
  public boolean dpop() {
    return bools.getOrDefault("oidc-dpop", false);
  }

  /**
   * {@code --oidc-token-exchange-audience}: after the login, exchange its token (the ID token, or
   * the access token with {@code --oidc-use-access-token}) for one whose audience is this (RFC
   * 8693), cached under its own key; empty for no exchange.
   */
  public Optional<String> tokenExchangeAudience() {
    return Optional.ofNullable(strings.get("oidc-token-exchange-audience"))
        .filter(s -> !s.isEmpty());
  }

  /**
   * {@code --oidc-token-exchange-requested-token-type}: {@code access_token} (the default) or
   * {@code id_token}.
   *
   * @throws InvalidConfigurationException for any other value
   */
  public String tokenExchangeRequestedTokenType() {
    String t = string("oidc-token-exchange-requested-token-type");
    if (t.isEmpty()) {
      return "access_token";
    }
    if (!t.equals("access_token") && !t.equals("id_token")) {
      throw new InvalidConfigurationException(
          "get-token: --oidc-token-exchange-requested-token-type must be access_token or"
              + " id_token, not \""
              + t
              + "\"");
    }
    return t;
  }

  /** {@code --oidc-token-exchange-scope}: the {@code scope} of the exchange, if any. */
  public Optional<String> tokenExchangeScope() {
    return Optional.ofNullable(strings.get("oidc-token-exchange-scope")).filter(s -> !s.isEmpty());
  }

  /** The client authentication methods of {@code --oidc-client-auth-method}. */
  static final List<String> CLIENT_AUTH_METHODS =
      List.of("private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth");

  /**
   * {@code --oidc-client-auth-method}: how the client authenticates to the token endpoint beyond a
   * secret — {@code private_key_jwt} (RFC 7523, signing with {@link #oidcClientKeyFile()} or {@link
   * #oidcClientJwkFile()}), {@code tls_client_auth} or {@code self_signed_tls_client_auth} (RFC
   * 8705, the TLS client certificate {@link #oidcClientCertificateFile()} with its key); empty for
   * a client secret or a public client.
   *
   * @throws InvalidConfigurationException when the method is unknown or its files are missing or
   *     mixed with a client secret
   */
  public String clientAuthMethod() {
    String method = string("oidc-client-auth-method");
    boolean key = oidcClientKeyFile().isPresent();
    boolean cert = oidcClientCertificateFile().isPresent();
    boolean jwk = oidcClientJwkFile().isPresent();
    if (method.isEmpty()) {
      if (key || cert || jwk) {
        throw new InvalidConfigurationException(
            "get-token: --oidc-client-key, --oidc-client-certificate and --oidc-client-jwk need"
                + " --oidc-client-auth-method");
      }
      return "";
    }
    if (!CLIENT_AUTH_METHODS.contains(method)) {
      throw new InvalidConfigurationException(
          "get-token: --oidc-client-auth-method must be one of "
              + String.join(", ", CLIENT_AUTH_METHODS)
              + ", not \""
              + method
              + "\"");
    }
    if (!clientSecret().isEmpty()) {
      throw new InvalidConfigurationException(
          "get-token: --oidc-client-auth-method=" + method + " excludes --oidc-client-secret");
    }
    if (method.equals("private_key_jwt") ? key == jwk : !(key && cert) || jwk) {
      throw new InvalidConfigurationException(
          method.equals("private_key_jwt")
              ? "get-token: --oidc-client-auth-method=private_key_jwt needs --oidc-client-key"
                  + " (with --oidc-client-certificate, if the provider knows the certificate) or"
                  + " --oidc-client-jwk, not both"
              : "get-token: --oidc-client-auth-method="
                  + method
                  + " needs --oidc-client-certificate and --oidc-client-key");
    }
    return method;
  }

  /** {@code --oidc-client-key}: the client's PEM private key, {@code ~} not yet expanded. */
  public Optional<String> oidcClientKeyFile() {
    return Optional.ofNullable(strings.get("oidc-client-key")).filter(s -> !s.isEmpty());
  }

  /** {@code --oidc-client-certificate}: the client's PEM certificate. */
  public Optional<String> oidcClientCertificateFile() {
    return Optional.ofNullable(strings.get("oidc-client-certificate")).filter(s -> !s.isEmpty());
  }

  /** {@code --oidc-client-jwk}: a JWK (JSON) with the client's private key, for private_key_jwt. */
  public Optional<String> oidcClientJwkFile() {
    return Optional.ofNullable(strings.get("oidc-client-jwk")).filter(s -> !s.isEmpty());
  }

  /** {@code --oidc-redirect-url}; empty when none. */
  public String redirectUrl() {
    return string("oidc-redirect-url");
  }

  /** {@code --oidc-extra-scope} values in flag order. */
  public List<String> extraScopes() {
    return List.copyOf(lists.getOrDefault("oidc-extra-scope", List.of()));
  }

  /** {@code --oidc-use-access-token}. */
  public boolean useAccessToken() {
    return bools.getOrDefault("oidc-use-access-token", false);
  }

  /**
   * {@code --oidc-offline-access}: add the {@code offline_access} scope (OpenID Connect's way to
   * ask for a refresh token; Okta, Dex and MITREid need it) to every login, unless the provider's
   * discovery lists {@code scopes_supported} without it (Google rejects it). Not part of the cache
   * key.
   */
  public boolean offlineAccess() {
    return bools.getOrDefault("oidc-offline-access", false);
  }

  /**
   * {@code --oidc-auth-request-access-type}: the {@code access_type} the code grants send, {@code
   * offline} (the default, as int128 always sends: Google's way to ask for a refresh token) or
   * {@code online}. Not part of the cache key.
   *
   * @throws InvalidConfigurationException for any other value
   */
  public String accessType() {
    String s = strings.getOrDefault("oidc-auth-request-access-type", "");
    if (s.isEmpty()) {
      return "offline";
    }
    if (!s.equals("offline") && !s.equals("online")) {
      throw new InvalidConfigurationException(
          "get-token: invalid --oidc-auth-request-access-type \""
              + s
              + "\": must be offline or online");
    }
    return s;
  }

  /** {@code --oidc-request-header}; null when not given. */
  public Map<String, String> requestHeaders() {
    return maps.get("oidc-request-header");
  }

  /** {@code --oidc-auth-request-extra-params}; null when not given. */
  public Map<String, String> authRequestExtraParams() {
    return maps.get("oidc-auth-request-extra-params");
  }

  /** {@code --force-refresh}. */
  public boolean forceRefresh() {
    return bools.getOrDefault("force-refresh", false);
  }

  /** {@code --token-cache-storage}: {@code disk} (default), {@code keyring} or {@code none}. */
  public String storage() {
    String s = strings.getOrDefault("token-cache-storage", "disk");
    if (!List.of("disk", "keyring", "none").contains(s)) {
      throw new InvalidConfigurationException(
          "get-token: invalid --token-cache-storage \"" + s + "\": must be disk, keyring or none");
    }
    return s;
  }

  /** {@code --token-cache-dir} as given, if given. */
  public Optional<String> tokenCacheDir() {
    return Optional.ofNullable(strings.get("token-cache-dir"));
  }

  /**
   * The cache directory as int128 computes it: the flag ({@code ~} expanded), else {@code
   * $KUBECACHEDIR/oidc-login} when the variable is set (even empty, which gives the relative {@code
   * oidc-login}), else {@code ~/.kube/cache/oidc-login}.
   */
  public Path cacheDirectory(Map<String, String> environment, Path home) {
    Optional<String> flag = tokenCacheDir();
    if (flag.isPresent()) {
      return expandHome(flag.get(), home);
    }
    return defaultCacheDirectory(environment, home);
  }

  /**
   * The cache directory without {@code --token-cache-dir}: {@code $KUBECACHEDIR/oidc-login} when
   * the variable is set (even empty), else {@code ~/.kube/cache/oidc-login}.
   */
  public static Path defaultCacheDirectory(Map<String, String> environment, Path home) {
    String kubeCacheDir = environment.get("KUBECACHEDIR");
    if (kubeCacheDir != null) {
      return kubeCacheDir.isEmpty() ? Path.of("oidc-login") : Path.of(kubeCacheDir, "oidc-login");
    }
    return home.resolve(".kube").resolve("cache").resolve("oidc-login");
  }

  /** {@code --certificate-authority} files, {@code ~} not yet expanded. */
  public List<String> certificateAuthorities() {
    return List.copyOf(lists.getOrDefault("certificate-authority", List.of()));
  }

  /** {@code --certificate-authority-data} values. */
  public List<String> certificateAuthorityData() {
    return List.copyOf(lists.getOrDefault("certificate-authority-data", List.of()));
  }

  /** {@code --insecure-skip-tls-verify}. */
  public boolean insecureSkipTlsVerify() {
    return bools.getOrDefault("insecure-skip-tls-verify", false);
  }

  /** 0 never, 1 once, 2 freely, from the renegotiation flags. */
  public int renegotiation() {
    if (bools.getOrDefault("tls-renegotiation-freely", false)) {
      return 2;
    }
    return bools.getOrDefault("tls-renegotiation-once", false) ? 1 : 0;
  }

  /** {@code --oidc-pkce-method}; the deprecated {@code --oidc-use-pkce} means S256. */
  public TokenCacheKey.PkceMethod pkceMethod() {
    if (bools.getOrDefault("oidc-use-pkce", false)) {
      return TokenCacheKey.PkceMethod.S256;
    }
    String m = strings.getOrDefault("oidc-pkce-method", "auto");
    switch (m) {
      case "auto":
        return TokenCacheKey.PkceMethod.AUTO;
      case "no":
        return TokenCacheKey.PkceMethod.NO;
      case "S256":
        return TokenCacheKey.PkceMethod.S256;
      default:
        throw new InvalidConfigurationException(
            "get-token: invalid --oidc-pkce-method \"" + m + "\": must be auto, no or S256");
    }
  }

  /** {@code --grant-type} resolved: {@code auto} is authcode, or password with a username. */
  public GrantType grantType() {
    String g = strings.getOrDefault("grant-type", "auto");
    GrantType type = GrantType.fromFlag(g);
    if (type == null) {
      throw new InvalidConfigurationException(
          "get-token: invalid --grant-type \""
              + g
              + "\": must be auto, authcode, authcode-keyboard, password, device-code or"
              + " client-credentials");
    }
    if (type == GrantType.AUTO) {
      return username().isEmpty() ? GrantType.AUTHCODE : GrantType.PASSWORD;
    }
    return type;
  }

  /** {@code --listen-address}; int128's two defaults when not given. */
  public List<String> listenAddresses() {
    return List.copyOf(lists.getOrDefault("listen-address", DEFAULT_LISTEN_ADDRESSES));
  }

  /** {@code --skip-open-browser}. */
  public boolean skipOpenBrowser() {
    return bools.getOrDefault("skip-open-browser", false);
  }

  /** {@code --browser-command}. */
  public Optional<String> browserCommand() {
    return Optional.ofNullable(strings.get("browser-command")).filter(s -> !s.isEmpty());
  }

  /** {@code --authentication-timeout-sec}; 180 by default. */
  public int authenticationTimeoutSeconds() {
    String v = strings.getOrDefault("authentication-timeout-sec", "180");
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(
          "get-token: invalid argument \"" + v + "\" for --authentication-timeout-sec");
    }
  }

  /**
   * {@code --client-cert}: a PEM certificate the ExecCredential carries beside the token ({@code
   * clientCertificateData}), for an mTLS proxy in front of the API server; read at each call, so a
   * renewed file is picked up. {@code ~} not yet expanded.
   */
  public Optional<String> clientCertificateFile() {
    return Optional.ofNullable(strings.get("client-cert")).filter(s -> !s.isEmpty());
  }

  /** {@code --client-key}: the PEM key of {@link #clientCertificateFile()}. */
  public Optional<String> clientKeyFile() {
    return Optional.ofNullable(strings.get("client-key")).filter(s -> !s.isEmpty());
  }

  /** {@code --local-server-cert}. */
  public Optional<String> localServerCert() {
    return Optional.ofNullable(strings.get("local-server-cert")).filter(s -> !s.isEmpty());
  }

  private static final List<String> ENDPOINT_FLAGS =
      List.of(
          "oidc-authorization-url",
          "oidc-token-url",
          "oidc-device-authorization-url",
          "oidc-jwks-url");

  private Optional<String> endpoint(String flag) {
    Optional<String> url = Optional.ofNullable(strings.get(flag)).filter(s -> !s.isEmpty());
    url.ifPresent(
        u -> {
          URI uri;
          try {
            uri = new URI(u);
          } catch (URISyntaxException e) {
            uri = null;
          }
          if (uri == null
              || uri.getHost() == null
              || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new InvalidConfigurationException(
                "get-token: --"
                    + flag
                    + " must be an absolute http or https URL, not \""
                    + u
                    + "\"");
          }
        });
    return url;
  }

  /**
   * {@code --oidc-authorization-url}: the authorization endpoint to use whatever discovery says
   * (not part of the cache key: the tokens are the same provider's).
   */
  public Optional<String> authorizationUrl() {
    return endpoint("oidc-authorization-url");
  }

  /** {@code --oidc-token-url}: the token endpoint to use whatever discovery says. */
  public Optional<String> tokenUrl() {
    return endpoint("oidc-token-url");
  }

  /**
   * {@code --oidc-device-authorization-url}: the device authorization endpoint to use whatever
   * discovery says (GitLab's discovery lists none: {@code
   * https://<gitlab>/oauth/authorize_device}).
   */
  public Optional<String> deviceAuthorizationUrl() {
    return endpoint("oidc-device-authorization-url");
  }

  /** {@code --oidc-jwks-url}: where ID tokens' signing keys are, whatever discovery says. */
  public Optional<String> jwksUrl() {
    return endpoint("oidc-jwks-url");
  }

  /** {@code --local-server-key}. */
  public Optional<String> localServerKey() {
    return Optional.ofNullable(strings.get("local-server-key")).filter(s -> !s.isEmpty());
  }

  /** {@code --open-url-after-authentication}. */
  public Optional<String> openUrlAfterAuthentication() {
    return Optional.ofNullable(strings.get("open-url-after-authentication"))
        .filter(s -> !s.isEmpty());
  }

  /** {@code --username}; empty when none. */
  public String username() {
    return string("username");
  }

  /** {@code --password}; empty when none. Treat as a secret. */
  public String password() {
    return string("password");
  }

  /**
   * The int128 cache key for these options, filled as {@code get-token} fills it: CA paths with
   * {@code ~} expanded, the username only for the password grant, and the extra auth-request
   * parameters as a non-nil map for client credentials, the flag map for the authorization-code
   * grants, and nil otherwise.
   */
  public TokenCacheKey cacheKey(Path home) {
    GrantType grant = grantType();
    List<String> cas = new ArrayList<>();
    for (String ca : certificateAuthorities()) {
      cas.add(expandHome(ca, home).toString());
    }
    Map<String, String> extra;
    switch (grant) {
      case AUTHCODE:
      case AUTHCODE_KEYBOARD:
        extra = authRequestExtraParams();
        break;
      case CLIENT_CREDENTIALS:
        extra = authRequestExtraParams() == null ? Map.of() : authRequestExtraParams();
        break;
      default:
        extra = null;
    }
    return TokenCacheKey.builder(issuerUrl(), clientId())
        .clientSecret(clientSecret())
        .extraScopes(extraScopes())
        .redirectUrl(redirectUrl())
        .pkceMethod(pkceMethod())
        .useAccessToken(useAccessToken())
        .requestHeaders(requestHeaders())
        .caCertFilenames(cas)
        .caCertData(certificateAuthorityData())
        .skipTlsVerify(insecureSkipTlsVerify())
        .renegotiation(renegotiation())
        .username(grant == GrantType.PASSWORD ? username() : "")
        .authRequestExtraParams(extra)
        .build();
  }

  /** client-go's homedir expansion of a leading {@code ~}. */
  static Path expandHome(String path, Path home) {
    if (path.equals("~")) {
      return home;
    }
    if (path.startsWith("~/")) {
      return home.resolve(path.substring(2));
    }
    return Path.of(path);
  }

  @Override
  public String toString() {
    return "GetTokenOptions{issuer="
        + issuerUrl()
        + ", clientId="
        + clientId()
        + ", grantType="
        + grantType().flag()
        + ", extraScopes="
        + extraScopes()
        + "}";
  }

  /**
   * Builds {@link GetTokenOptions} without a command line; each setter names its flag. Values are
   * taken as given (no comma splitting). Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, String> strings = new LinkedHashMap<>();
    private final Map<String, List<String>> lists = new LinkedHashMap<>();
    private final Map<String, Boolean> bools = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> maps = new LinkedHashMap<>();

    private Builder(String issuerUrl, String clientId) {
      strings.put("oidc-issuer-url", Objects.requireNonNull(issuerUrl, "issuerUrl"));
      strings.put("oidc-client-id", Objects.requireNonNull(clientId, "clientId"));
    }

    private Builder string(String flag, String value) {
      strings.put(flag, Objects.requireNonNull(value, flag));
      return this;
    }

    private Builder list(String flag, List<String> values) {
      lists.put(flag, List.copyOf(values));
      return this;
    }

    private Builder map(String flag, Map<String, String> values) {
      maps.put(flag, new LinkedHashMap<>(values));
      return this;
    }

    /** {@code --oidc-client-secret}. */
    public Builder clientSecret(String secret) {
      return string("oidc-client-secret", secret);
    }

    /** {@code --oidc-redirect-url}. */
    public Builder redirectUrl(String url) {
      return string("oidc-redirect-url", url);
    }

    /** {@code --oidc-extra-scope}, in order. */
    public Builder extraScopes(List<String> scopes) {
      return list("oidc-extra-scope", scopes);
    }

    /** {@code --oidc-use-access-token}. */
    public Builder useAccessToken(boolean use) {
      bools.put("oidc-use-access-token", use);
      return this;
    }

    /** {@code --oidc-offline-access}. */
    public Builder offlineAccess(boolean offline) {
      bools.put("oidc-offline-access", offline);
      return this;
    }

    /** {@code --oidc-auth-request-access-type}: {@code offline} or {@code online}. */
    public Builder accessType(String accessType) {
      return string("oidc-auth-request-access-type", accessType);
    }

    /** {@code --oidc-request-header}. */
    public Builder requestHeaders(Map<String, String> headers) {
      return map("oidc-request-header", headers);
    }

    /** {@code --oidc-auth-request-extra-params}. */
    public Builder authRequestExtraParams(Map<String, String> params) {
      return map("oidc-auth-request-extra-params", params);
    }

    /** {@code --force-refresh}. */
    public Builder forceRefresh(boolean force) {
      bools.put("force-refresh", force);
      return this;
    }

    /** {@code --token-cache-dir} ({@code ~} is expanded). */
    public Builder tokenCacheDir(String dir) {
      return string("token-cache-dir", dir);
    }

    /** {@code --oidc-authorization-url}. */
    public Builder authorizationUrl(String url) {
      return string("oidc-authorization-url", url);
    }

    /** {@code --oidc-token-url}. */
    public Builder tokenUrl(String url) {
      return string("oidc-token-url", url);
    }

    /** {@code --oidc-device-authorization-url}. */
    public Builder deviceAuthorizationUrl(String url) {
      return string("oidc-device-authorization-url", url);
    }

    /** {@code --oidc-jwks-url}. */
    public Builder jwksUrl(String url) {
      return string("oidc-jwks-url", url);
    }

    /** {@code --token-cache-storage}: {@code disk}, {@code keyring} or {@code none}. */
    public Builder tokenCacheStorage(String storage) {
      return string("token-cache-storage", storage);
    }

    /** {@code --certificate-authority} files. */
    public Builder certificateAuthorities(List<String> files) {
      return list("certificate-authority", files);
    }

    /** {@code --certificate-authority-data}: base64 PEM bundles. */
    public Builder certificateAuthorityData(List<String> data) {
      return list("certificate-authority-data", data);
    }

    /** {@code --insecure-skip-tls-verify}. */
    public Builder insecureSkipTlsVerify(boolean insecure) {
      bools.put("insecure-skip-tls-verify", insecure);
      return this;
    }

    /** {@code --oidc-pkce-method}. */
    public Builder pkceMethod(TokenCacheKey.PkceMethod method) {
      return string(
          "oidc-pkce-method",
          method == TokenCacheKey.PkceMethod.NO
              ? "no"
              : method == TokenCacheKey.PkceMethod.S256 ? "S256" : "auto");
    }

    /** {@code --grant-type}. */
    public Builder grantType(GrantType grant) {
      return string("grant-type", grant.flag());
    }

    /** {@code --listen-address}: loopback bind candidates, tried in order. */
    public Builder listenAddresses(List<String> addresses) {
      return list("listen-address", addresses);
    }

    /** {@code --skip-open-browser}. */
    public Builder skipOpenBrowser(boolean skip) {
      bools.put("skip-open-browser", skip);
      return this;
    }

    /** {@code --browser-command}. */
    public Builder browserCommand(String command) {
      return string("browser-command", command);
    }

    /** {@code --authentication-timeout-sec}. */
    public Builder authenticationTimeoutSeconds(int seconds) {
      return string("authentication-timeout-sec", Integer.toString(seconds));
    }

    /**
     * {@code --local-server-cert} and {@code --local-server-key}: serve the loopback over HTTPS.
     */
    public Builder localServerCertificate(String certFile, String keyFile) {
      string("local-server-cert", certFile);
      return string("local-server-key", keyFile);
    }

    /** {@code --oidc-dpop}: bind tokens to a DPoP key when the provider supports it. */
    public Builder dpop(boolean dpop) {
      bools.put("oidc-dpop", dpop);
      return this;
    }

    /**
     * {@code --oidc-token-exchange-audience} and {@code
     * --oidc-token-exchange-requested-token-type}: exchange the login's token for a {@code
     * requestedTokenType} ({@code access_token} or {@code id_token}) token for {@code audience}.
     */
    public Builder tokenExchange(String audience, String requestedTokenType) {
      string("oidc-token-exchange-audience", audience);
      return string("oidc-token-exchange-requested-token-type", requestedTokenType);
    }

    /** {@code --oidc-token-exchange-scope}: the scope asked for in the token exchange. */
    public Builder tokenExchangeScope(String scope) {
      return string("oidc-token-exchange-scope", scope);
    }

    /**
     * {@code --oidc-client-auth-method=private_key_jwt} with {@code --oidc-client-key} and, when
     * the provider identifies the client by its certificate, {@code --oidc-client-certificate}
     * ({@code null} for none): the client authenticates with a JWT signed by its key (RFC 7523).
     */
    public Builder privateKeyJwt(String keyFile, String certificateFile) {
      string("oidc-client-auth-method", "private_key_jwt");
      string("oidc-client-key", keyFile);
      if (certificateFile != null) {
        string("oidc-client-certificate", certificateFile);
      }
      return this;
    }

    /**
     * {@code --oidc-client-auth-method=private_key_jwt} with {@code --oidc-client-jwk}: the client
     * authenticates with a JWT signed by the JWK's private key.
     */
    public Builder privateKeyJwtWithJwk(String jwkFile) {
      string("oidc-client-auth-method", "private_key_jwt");
      return string("oidc-client-jwk", jwkFile);
    }

    /**
     * {@code --oidc-client-auth-method=tls_client_auth} (or {@code self_signed_tls_client_auth})
     * with {@code --oidc-client-certificate} and {@code --oidc-client-key}: the client
     * authenticates with its TLS client certificate (RFC 8705).
     */
    public Builder tlsClientAuth(String certificateFile, String keyFile, boolean selfSigned) {
      string(
          "oidc-client-auth-method",
          selfSigned ? "self_signed_tls_client_auth" : "tls_client_auth");
      string("oidc-client-certificate", certificateFile);
      return string("oidc-client-key", keyFile);
    }

    /**
     * {@code --client-cert} and {@code --client-key}: a client certificate presented to the API
     * server beside the token (an mTLS proxy in front of it asks for one).
     */
    public Builder clientCertificate(String certFile, String keyFile) {
      string("client-cert", certFile);
      return string("client-key", keyFile);
    }

    /** {@code --open-url-after-authentication}. */
    public Builder openUrlAfterAuthentication(String url) {
      return string("open-url-after-authentication", url);
    }

    /** {@code --username}. */
    public Builder username(String username) {
      return string("username", username);
    }

    /** {@code --password}. */
    public Builder password(String password) {
      return string("password", password);
    }

    /**
     * Returns the options.
     *
     * @throws InvalidConfigurationException when a value is invalid (an empty issuer, an unknown
     *     storage, a certificate without a key)
     */
    public GetTokenOptions build() {
      return validated(new GetTokenOptions(strings, lists, bools, maps));
    }
  }
}
