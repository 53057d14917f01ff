package dev.kubelogin.testing;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A fake Microsoft Entra ID on 127.0.0.1, speaking the v2 endpoints msal4j and Azure kubelogin
 * call: device code, the token endpoint for every grant (device code, password, authorization code
 * with PKCE, refresh token, client credentials with a secret, certificate or client assertion),
 * instance discovery and user realm, IMDS and App Service managed identity, and the GitHub Actions
 * and Azure Pipelines OIDC token endpoints that federated logins read.
 *
 * <p>Two ways to use it: in-process, keep msal4j's real authority and send its requests here
 * through msal4j's {@code IHttpClient} seam ({@link #redirect}); from another process (the CLI
 * under kubectl), start it {@linkplain Builder#https() with HTTPS}, give {@link #authorityHost()}
 * as {@code --authority-host} with {@code --disable-instance-discovery}, and let that JVM trust
 * {@link #writeTrustStore the certificate}.
 *
 * <p>Access tokens are opaque ({@code user-at-N}, {@code app-at-N}, {@code mi-at-N}); {@link
 * #review} says whom a token was issued to, so a {@link FakeKubeApiServer} can accept them through
 * its {@linkplain FakeKubeApiServer.Builder#tokenWebhook token webhook}. Every token request is
 * recorded. Thread-safe; close it after use.
 */
public final class FakeEntra implements AutoCloseable {
  /** The tenant every account belongs to. */
  public static final String TENANT = "11111111-2222-3333-4444-555555555555";

  /** The AKS server application id ({@code --server-id}). */
  public static final String SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

  /** The scope tokens are requested for. */
  public static final String SCOPE = SERVER_ID + "/.default";

  /** The Azure CLI's public client id, which device code, interactive and ropc use. */
  public static final String PUBLIC_CLIENT = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";

  /** A service principal accepted with {@link #SPN_SECRET}, a certificate or an assertion. */
  public static final String SPN_CLIENT = "spn-client";

  /** The service principal's secret. */
  public static final String SPN_SECRET = "spn-secret-value";

  /** The one user. */
  public static final String USER = "alice@example.test";

  /** The user's password (ropc). */
  public static final String PASSWORD = "alice-password";

  private final MockWebServer server = new MockWebServer();
  private final HeldCertificate certificate;
  private final Gson gson = new Gson();
  private final AtomicInteger issued = new AtomicInteger();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, UserInfo> accessTokens = new ConcurrentHashMap<>();
  private final Queue<Map<String, String>> tokenRequests = new ConcurrentLinkedQueue<>();
  private final Queue<String> requests = new ConcurrentLinkedQueue<>();
  private volatile int pendingPolls = 1;
  private volatile String deviceCodeError;
  private volatile long expiresIn = 3600;
  private volatile String expectedAssertion;
  private volatile int imdsStatus = 200;

  private FakeEntra(Builder b) throws IOException {
    if (b.https) {
      certificate = LoopbackCertificates.create("fake-entra");
      server.useHttps(
          new HandshakeCertificates.Builder()
              .heldCertificate(certificate)
              .build()
              .sslSocketFactory());
    } else {
      certificate = null;
    }
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return handle(request);
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a plain-HTTP fake, for use through msal4j's {@code IHttpClient} seam. */
  public static FakeEntra start() {
    return builder().start();
  }

  /** The base URL, {@code http(s)://127.0.0.1:<port>/}: the authority host. */
  public String authorityHost() {
    return (certificate == null ? "http" : "https") + "://127.0.0.1:" + server.getPort() + "/";
  }

  /** {@code url}'s path and query on this server: where an {@code IHttpClient} should send it. */
  public URI redirect(URI url) {
    String path = url.getRawPath() == null ? "" : url.getRawPath().replaceFirst("^/", "");
    String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
    return URI.create(authorityHost() + path + query);
  }

  /**
   * The PEM of the self-signed certificate this fake serves.
   *
   * @throws IllegalStateException when it serves plain HTTP
   */
  public String certificateAuthorityPem() {
    return https().certificatePem();
  }

  /**
   * Writes a PKCS#12 trust store holding only this fake's certificate, password {@code changeit},
   * for a JVM started with {@code -Djavax.net.ssl.trustStore=<file>
   * -Djavax.net.ssl.trustStorePassword=changeit}.
   *
   * @throws IllegalStateException when it serves plain HTTP
   * @throws java.io.UncheckedIOException when the file cannot be written
   */
  public Path writeTrustStore(Path file) {
    HeldCertificate held = https();
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("fake-entra", held.certificate());
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, "changeit".toCharArray());
      }
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private HeldCertificate https() {
    if (certificate == null) {
      throw new IllegalStateException("this fake Entra ID serves plain HTTP");
    }
    return certificate;
  }

  /**
   * Whom {@code accessToken} was issued to: {@link #USER} for user logins, the client id for
   * applications and managed identities; empty for tokens it did not issue. Groups are empty.
   */
  public Optional<UserInfo> review(String accessToken) {
    return Optional.ofNullable(accessTokens.get(accessToken));
  }

  /** The form parameters of every token request so far, oldest first. */
  public List<Map<String, String>> tokenRequests() {
    return new ArrayList<>(tokenRequests);
  }

  /** How many token requests had {@code grant_type} {@code grantType}. */
  public int tokenRequestCount(String grantType) {
    return (int) tokenRequests.stream().filter(p -> grantType.equals(p.get("grant_type"))).count();
  }

  /** Every request so far as {@code METHOD /path}, oldest first. */
  public List<String> requests() {
    return new ArrayList<>(requests);
  }

  /** Forgets the requests recorded so far. */
  public void clearRequests() {
    tokenRequests.clear();
    requests.clear();
  }

  /** How many {@code authorization_pending} answers come before a device code login succeeds. */
  public void pendingPolls(int polls) {
    this.pendingPolls = polls;
  }

  /** The error the device code poll answers from now on instead of succeeding, or null. */
  public void deviceCodeError(String error) {
    this.deviceCodeError = error;
  }

  /** The lifetime of access tokens issued from now on; an hour by default. */
  public void accessTokenLifetime(Duration lifetime) {
    this.expiresIn = lifetime.toSeconds();
  }

  /** The only client assertion accepted from now on, or null for any non-empty one. */
  public void expectedAssertion(String assertion) {
    this.expectedAssertion = assertion;
  }

  /** The HTTP status of managed identity answers (200 for a token). */
  public void imdsStatus(int status) {
    this.imdsStatus = status;
  }

  private MockResponse handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    requests.add(request.getMethod() + " " + path);
    if (path.equals("/gh/token")) {
      boolean ok =
          "bearer gh-request-token".equals(request.getHeaders().get("Authorization"))
              && "api://AzureADTokenExchange".equals(request.getUrl().queryParameter("audience"));
      return ok ? json(200, Map.of("value", "gh-assertion")) : json(401, Map.of("message", "bad"));
    }
    if (path.equals("/pipelines/oidc")) {
      boolean ok =
          "POST".equals(request.getMethod())
              && "Bearer pipelines-access".equals(request.getHeaders().get("Authorization"))
              && "sc-1".equals(request.getUrl().queryParameter("serviceConnectionId"));
      return ok
          ? json(200, Map.of("oidcToken", "pipelines-assertion"))
          : json(401, Map.of("message", "bad"));
    }
    if (path.startsWith("/common/userrealm/")) {
      return json(
          200,
          Map.of(
              "ver", "1.0",
              "account_type", "Managed",
              "domain_name", "example.test",
              "cloud_instance_name", "microsoftonline.com",
              "cloud_audience_urn", "urn:federation:MicrosoftOnline"));
    }
    if (path.equals("/common/discovery/instance")) {
      return json(200, instanceDiscovery());
    }
    if (path.equals("/metadata/identity/oauth2/token") || path.equals("/msi/token")) {
      if (imdsStatus != 200) {
        return json(
            imdsStatus,
            Map.of("error", "invalid_request", "error_description", "Identity not found"));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      String mi = "mi-at-" + issued.incrementAndGet();
      accessTokens.put(
          mi,
          new UserInfo(String.valueOf(request.getUrl().queryParameter("client_id")), List.of()));
      body.put("access_token", mi);
      body.put("expires_on", String.valueOf(Instant.now().getEpochSecond() + expiresIn));
      body.put("resource", request.getUrl().queryParameter("resource"));
      body.put("token_type", "Bearer");
      body.put("client_id", String.valueOf(request.getUrl().queryParameter("client_id")));
      return json(200, body);
    }
    Map<String, String> form = form(request.getBody() == null ? "" : request.getBody().utf8());
    if (path.endsWith("/oauth2/v2.0/devicecode")) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("user_code", "ABCD-EFGH");
      body.put("device_code", "device-code-1");
      body.put("verification_uri", "https://microsoft.com/devicelogin");
      body.put("expires_in", 900);
      body.put("interval", 1);
      body.put(
          "message",
          "To sign in, use a web browser to open https://microsoft.com/devicelogin and enter the code ABCD-EFGH to authenticate.");
      return json(200, body);
    }
    if (path.endsWith("/oauth2/v2.0/token")) {
      tokenRequests.add(form);
      return token(form);
    }
    return json(404, Map.of("error", "not_found", "error_description", "no such endpoint " + path));
  }

  private MockResponse token(Map<String, String> form) {
    String grant = form.getOrDefault("grant_type", "");
    String clientId = form.get("client_id");
    switch (grant) {
      case "device_code":
      case "urn:ietf:params:oauth:grant-type:device_code":
        if (deviceCodeError != null) {
          return aadError(
              400,
              deviceCodeError,
              "AADSTS70016: device code flow ended: " + deviceCodeError,
              70016);
        }
        if (pendingPolls > 0) {
          pendingPolls--;
          return aadError(
              400,
              "authorization_pending",
              "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.",
              70016);
        }
        return userTokens(clientId, form);
      case "password":
        if (!USER.equals(form.get("username")) || !PASSWORD.equals(form.get("password"))) {
          return aadError(
              400,
              "invalid_grant",
              "AADSTS50126: Error validating credentials due to invalid username or password.",
              50126);
        }
        return userTokens(clientId, form);
      case "authorization_code":
        if (!"auth-code-1".equals(form.get("code")) || form.get("code_verifier") == null) {
          return aadError(
              400,
              "invalid_grant",
              "AADSTS70000: The provided authorization code is invalid.",
              70000);
        }
        return userTokens(clientId, form);
      case "refresh_token":
        if (!refreshTokens.containsKey(form.getOrDefault("refresh_token", ""))) {
          return aadError(
              400,
              "invalid_grant",
              "AADSTS700082: The refresh token has expired due to inactivity.",
              700082);
        }
        return userTokens(clientId, form);
      case "client_credentials":
        if (form.containsKey("client_secret")) {
          if (!SPN_SECRET.equals(form.get("client_secret"))) {
            return aadError(
                401,
                "invalid_client",
                "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
                7000215);
          }
        } else if (form.containsKey("client_assertion")) {
          String a = form.get("client_assertion");
          if (a.isEmpty() || (expectedAssertion != null && !expectedAssertion.equals(a))) {
            return aadError(
                400,
                "invalid_client",
                "AADSTS700024: Client assertion is not within its valid time range.",
                700024);
          }
        } else {
          return aadError(
              401,
              "invalid_client",
              "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required.",
              7000216);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", form.containsKey("token_type") ? "pop" : "Bearer");
        body.put("expires_in", expiresIn);
        body.put("ext_expires_in", expiresIn);
        String app = "app-at-" + issued.incrementAndGet();
        accessTokens.put(app, new UserInfo(String.valueOf(clientId), List.of()));
        body.put("access_token", app);
        return json(200, body);
      default:
        return aadError(
            400, "unsupported_grant_type", "AADSTS70003: unsupported grant " + grant, 70003);
    }
  }

  private MockResponse userTokens(String clientId, Map<String, String> form) {
    int n = issued.incrementAndGet();
    String rt = "rt-" + n;
    refreshTokens.put(rt, USER);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_type", form.containsKey("token_type") ? "pop" : "Bearer");
    body.put("scope", SCOPE);
    body.put("expires_in", expiresIn);
    body.put("ext_expires_in", expiresIn);
    accessTokens.put("user-at-" + n, new UserInfo(USER, List.of()));
    body.put("access_token", "user-at-" + n);
    body.put("refresh_token", rt);
    body.put("id_token", idToken(clientId));
    body.put("client_info", b64(gson.toJson(Map.of("uid", "alice-oid", "utid", TENANT))));
    return json(200, body);
  }

  private String idToken(String clientId) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", clientId);
    claims.put("iss", "https://login.microsoftonline.com/" + TENANT + "/v2.0");
    claims.put("iat", Instant.now().getEpochSecond());
    claims.put("exp", Instant.now().getEpochSecond() + 3600);
    claims.put("oid", "alice-oid");
    claims.put("sub", "alice-sub");
    claims.put("tid", TENANT);
    claims.put("preferred_username", USER);
    claims.put("name", "Alice");
    return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(gson.toJson(claims)) + ".";
  }

  private static Map<String, Object> instanceDiscovery() {
    return Map.of(
        "tenant_discovery_endpoint",
        "https://login.microsoftonline.com/" + TENANT + "/v2.0/.well-known/openid-configuration",
        "api-version",
        "1.1",
        "metadata",
        List.of(
            Map.of(
                "preferred_network", "login.microsoftonline.com",
                "preferred_cache", "login.windows.net",
                "aliases",
                    List.of(
                        "login.microsoftonline.com",
                        "login.windows.net",
                        "login.microsoft.com",
                        "sts.windows.net"))));
  }

  private MockResponse aadError(int status, String error, String description, int code) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    body.put("error_codes", List.of(code));
    body.put("timestamp", "2026-11-22 12:00:00Z");
    body.put("trace_id", "00000000-0000-0000-0000-000000000000");
    body.put("correlation_id", "00000000-0000-0000-0000-000000000001");
    return json(status, body);
  }

  private MockResponse json(int status, Object body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(gson.toJson(body))
        .build();
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> form(String body) {
    Map<String, String> m = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return m;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      m.put(k, v);
    }
    return m;
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "FakeEntra{" + authorityHost() + "}";
  }

  /** Builds and starts a {@link FakeEntra}. Not thread-safe. */
  public static final class Builder {
    private boolean https;

    private Builder() {}

    /**
     * Serves HTTPS with a self-signed certificate for 127.0.0.1 (msal4j needs https authorities).
     */
    public Builder https() {
      this.https = true;
      return this;
    }

    /**
     * Starts the server.
     *
     * @throws java.io.UncheckedIOException if it cannot listen
     */
    public FakeEntra start() {
      try {
        return new FakeEntra(this);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot start the fake Entra ID", e);
      }
    }
  }
}
