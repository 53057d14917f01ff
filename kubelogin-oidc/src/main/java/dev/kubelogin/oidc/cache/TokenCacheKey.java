package dev.kubelogin.oidc.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What identifies one entry of int128/kubelogin's token cache (its v1.36 {@code tokencache.Key}):
 * the provider settings, the TLS settings towards the identity provider, the ROPC username and the
 * extra auth-request parameters. The cache file name is the SHA-256 of the key's Go {@code gob}
 * encoding, so a login made by {@code kubectl oidc-login} is found here and the other way round.
 *
 * <p>Maps distinguish {@code null} (a flag that was not given, which gob omits) from empty (which
 * gob writes). Go writes map entries in a random order, so a key with two or more entries in a map
 * has several possible file names: {@link #fileName()} is the one with sorted entries (what this
 * library writes) and {@link #fileNameCandidates()} lists them all for reading.
 *
 * <p>Immutable and thread-safe; {@link #toString()} hides the client secret.
 */
public final class TokenCacheKey {

  /** int128's {@code --oidc-pkce-method}, with its Go constants. */
  public enum PkceMethod {
    /** {@code auto}: S256 when discovery advertises it. */
    AUTO(0),
    /** {@code no}. */
    NO(1),
    /** {@code S256}. */
    S256(2);

    private final int code;

    PkceMethod(int code) {
      this.code = code;
    }

    int code() {
      return code;
    }
  }

  /** Above this many orderings the candidates are cut to the sorted one. */
  static final int MAX_CANDIDATES = 5040;

  private final String issuerUrl;
  private final String clientId;
  private final String clientSecret;
  private final List<String> extraScopes;
  private final String redirectUrl;
  private final PkceMethod pkceMethod;
  private final boolean useAccessToken;
  private final Map<String, String> requestHeaders;
  private final List<String> caCertFilenames;
  private final List<String> caCertData;
  private final boolean skipTlsVerify;
  private final int renegotiation;
  private final String username;
  private final Map<String, String> authRequestExtraParams;

  private TokenCacheKey(Builder b) {
    this.issuerUrl = b.issuerUrl;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.extraScopes = List.copyOf(b.extraScopes);
    this.redirectUrl = b.redirectUrl;
    this.pkceMethod = b.pkceMethod;
    this.useAccessToken = b.useAccessToken;
    this.requestHeaders = frozen(b.requestHeaders);
    this.caCertFilenames = List.copyOf(b.caCertFilenames);
    this.caCertData = List.copyOf(b.caCertData);
    this.skipTlsVerify = b.skipTlsVerify;
    this.renegotiation = b.renegotiation;
    this.username = b.username;
    this.authRequestExtraParams = frozen(b.authRequestExtraParams);
  }

  private static Map<String, String> frozen(Map<String, String> m) {
    return m == null ? null : Collections.unmodifiableMap(new TreeMap<>(m));
  }

  /** Returns a builder for a key of {@code issuerUrl} and {@code clientId}. */
  public static Builder builder(String issuerUrl, String clientId) {
    return new Builder(issuerUrl, clientId);
  }

  /** The cache file name: 64 lowercase hex characters, with map entries written in sorted order. */
  public String fileName() {
    return sha256(
        GobKeyEncoder.encode(
            this, sortedEntries(requestHeaders), sortedEntries(authRequestExtraParams)));
  }

  /**
   * Every file name int128/kubelogin may have used for this key, the sorted one first: one per
   * ordering of the map entries (a single name when no map has two entries, and only the sorted one
   * when there would be more than 5040).
   */
  public List<String> fileNameCandidates() {
    List<List<Map.Entry<String, String>>> headerOrders = orders(requestHeaders);
    List<List<Map.Entry<String, String>>> paramOrders = orders(authRequestExtraParams);
    Set<String> names = new LinkedHashSet<>();
    names.add(fileName());
    if ((long) headerOrders.size() * paramOrders.size() > MAX_CANDIDATES) {
      return List.copyOf(names);
    }
    for (List<Map.Entry<String, String>> h : headerOrders) {
      for (List<Map.Entry<String, String>> p : paramOrders) {
        names.add(sha256(GobKeyEncoder.encode(this, h, p)));
      }
    }
    return List.copyOf(names);
  }

  private static List<Map.Entry<String, String>> sortedEntries(Map<String, String> m) {
    if (m == null) {
      return null;
    }
    List<Map.Entry<String, String>> out = new ArrayList<>();
    new TreeMap<>(m).forEach((k, v) -> out.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
    return out;
  }

  /** All orderings of the map's entries; a single null ordering for a null map. */
  private static List<List<Map.Entry<String, String>>> orders(Map<String, String> m) {
    List<List<Map.Entry<String, String>>> out = new ArrayList<>();
    if (m == null) {
      out.add(null);
      return out;
    }
    List<Map.Entry<String, String>> entries = sortedEntries(m);
    if (factorial(entries.size()) > MAX_CANDIDATES) {
      out.add(entries);
      return out;
    }
    permute(entries, 0, out);
    return out;
  }

  private static long factorial(int n) {
    long f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
    }
    return f;
  }

  private static void permute(
      List<Map.Entry<String, String>> items, int from, List<List<Map.Entry<String, String>>> out) {
    if (from >= items.size() - 1) {
      out.add(List.copyOf(items));
      return;
    }
    for (int i = from; i < items.size(); i++) {
      Collections.swap(items, from, i);
      permute(items, from + 1, out);
      Collections.swap(items, from, i);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** {@code --oidc-issuer-url}. */
  public String issuerUrl() {
    return issuerUrl;
  }

  /** {@code --oidc-client-id}. */
  public String clientId() {
    return clientId;
  }

  /** {@code --oidc-client-secret}; empty when none. Treat as a secret. */
  public String clientSecret() {
    return clientSecret;
  }

  /** {@code --oidc-extra-scope} values, in flag order. */
  public List<String> extraScopes() {
    return extraScopes;
  }

  /** {@code --oidc-redirect-url}; empty when none. */
  public String redirectUrl() {
    return redirectUrl;
  }

  /** {@code --oidc-pkce-method}. */
  public PkceMethod pkceMethod() {
    return pkceMethod;
  }

  /** {@code --oidc-use-access-token}. */
  public boolean useAccessToken() {
    return useAccessToken;
  }

  /** {@code --oidc-request-header} entries; null when the flag was not given. */
  public Map<String, String> requestHeaders() {
    return requestHeaders;
  }

  /** {@code --certificate-authority} paths as given ({@code ~} expanded, not made absolute). */
  public List<String> caCertFilenames() {
    return caCertFilenames;
  }

  /** {@code --certificate-authority-data} values. */
  public List<String> caCertData() {
    return caCertData;
  }

  /** {@code --insecure-skip-tls-verify}. */
  public boolean skipTlsVerify() {
    return skipTlsVerify;
  }

  /** 0 never, 1 once ({@code --tls-renegotiation-once}), 2 freely. */
  public int renegotiation() {
    return renegotiation;
  }

  /** {@code --username}, only for the password grant; empty otherwise. */
  public String username() {
    return username;
  }

  /** {@code --oidc-auth-request-extra-params}; null when not given (see int128's rules). */
  public Map<String, String> authRequestExtraParams() {
    return authRequestExtraParams;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TokenCacheKey)) {
      return false;
    }
    TokenCacheKey k = (TokenCacheKey) o;
    return issuerUrl.equals(k.issuerUrl)
        && clientId.equals(k.clientId)
        && clientSecret.equals(k.clientSecret)
        && extraScopes.equals(k.extraScopes)
        && redirectUrl.equals(k.redirectUrl)
        && pkceMethod == k.pkceMethod
        && useAccessToken == k.useAccessToken
        && Objects.equals(requestHeaders, k.requestHeaders)
        && caCertFilenames.equals(k.caCertFilenames)
        && caCertData.equals(k.caCertData)
        && skipTlsVerify == k.skipTlsVerify
        && renegotiation == k.renegotiation
        && username.equals(k.username)
        && Objects.equals(authRequestExtraParams, k.authRequestExtraParams);
  }

  @Override
  public int hashCode() {
    return Objects.hash(issuerUrl, clientId, extraScopes, username);
  }

  @Override
  public String toString() {
    return "TokenCacheKey{issuer="
        + issuerUrl
        + ", clientId="
        + clientId
        + ", clientSecret="
        + (clientSecret.isEmpty() ? "none" : "<redacted>")
        + ", extraScopes="
        + extraScopes
        + (username.isEmpty() ? "" : ", username=" + username)
        + "}";
  }

  /** Builds a {@link TokenCacheKey}. Not thread-safe. */
  public static final class Builder {
    private final String issuerUrl;
    private final String clientId;
    private String clientSecret = "";
    private final List<String> extraScopes = new ArrayList<>();
    private String redirectUrl = "";
    private PkceMethod pkceMethod = PkceMethod.AUTO;
    private boolean useAccessToken;
    private Map<String, String> requestHeaders;
    private final List<String> caCertFilenames = new ArrayList<>();
    private final List<String> caCertData = new ArrayList<>();
    private boolean skipTlsVerify;
    private int renegotiation;
    private String username = "";
    private Map<String, String> authRequestExtraParams;

    private Builder(String issuerUrl, String clientId) {
      this.issuerUrl = Objects.requireNonNull(issuerUrl, "issuerUrl");
      this.clientId = Objects.requireNonNull(clientId, "clientId");
    }

    /** Sets the client secret; {@code null} or empty for none. */
    public Builder clientSecret(String secret) {
      this.clientSecret = secret == null ? "" : secret;
      return this;
    }

    /** Sets the extra scopes, in flag order. */
    public Builder extraScopes(List<String> scopes) {
      extraScopes.clear();
      extraScopes.addAll(scopes);
      return this;
    }

    /** Sets the redirect URL; {@code null} or empty for none. */
    public Builder redirectUrl(String url) {
      this.redirectUrl = url == null ? "" : url;
      return this;
    }

    /** Sets the PKCE method; {@link PkceMethod#AUTO} by default. */
    public Builder pkceMethod(PkceMethod method) {
      this.pkceMethod = Objects.requireNonNull(method, "method");
      return this;
    }

    /** Sets whether the access token is emitted instead of the ID token. */
    public Builder useAccessToken(boolean use) {
      this.useAccessToken = use;
      return this;
    }

    /** Sets the request headers; {@code null} when the flag was not given. */
    public Builder requestHeaders(Map<String, String> headers) {
      this.requestHeaders = headers == null ? null : new LinkedHashMap<>(headers);
      return this;
    }

    /** Sets the CA file paths, as given. */
    public Builder caCertFilenames(List<String> files) {
      caCertFilenames.clear();
      caCertFilenames.addAll(files);
      return this;
    }

    /** Sets the base64 CA data values. */
    public Builder caCertData(List<String> data) {
      caCertData.clear();
      caCertData.addAll(data);
      return this;
    }

    /** Sets whether TLS verification towards the IdP is off. */
    public Builder skipTlsVerify(boolean skip) {
      this.skipTlsVerify = skip;
      return this;
    }

    /** Sets TLS renegotiation: 0 never, 1 once, 2 freely. */
    public Builder renegotiation(int renegotiation) {
      if (renegotiation < 0 || renegotiation > 2) {
        throw new IllegalArgumentException("renegotiation must be 0, 1 or 2: " + renegotiation);
      }
      this.renegotiation = renegotiation;
      return this;
    }

    /** Sets the ROPC username; {@code null} or empty for none. */
    public Builder username(String username) {
      this.username = username == null ? "" : username;
      return this;
    }

    /** Sets the extra auth request parameters; {@code null} when not given. */
    public Builder authRequestExtraParams(Map<String, String> params) {
      this.authRequestExtraParams = params == null ? null : new LinkedHashMap<>(params);
      return this;
    }

    /** Returns the key. */
    public TokenCacheKey build() {
      return new TokenCacheKey(this);
    }
  }
}
