package dev.kubelogin.azure;

import com.google.gson.Gson;
import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.IHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A fake Microsoft Entra ID on loopback, speaking the AAD v2 endpoints msal4j calls (device code,
 * token for every grant, instance discovery, IMDS and App Service managed identity). msal4j keeps
 * its real authority ({@code https://login.microsoftonline.com/<tenant>/}); {@link #httpClient()}
 * sends every request here instead, through msal4j's {@code IHttpClient} seam.
 */
final class FakeEntra implements AutoCloseable {
  static final String TENANT = "11111111-2222-3333-4444-555555555555";
  static final String SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
  static final String SCOPE = SERVER_ID + "/.default";
  static final String PUBLIC_CLIENT = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";
  static final String SPN_CLIENT = "spn-client";
  static final String SPN_SECRET = "spn-secret-value";
  static final String USER = "alice@example.test";
  static final String PASSWORD = "alice-password";

  private final MockWebServer server = new MockWebServer();
  private final Gson gson = new Gson();
  private final AtomicInteger issued = new AtomicInteger();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  final Queue<Map<String, String>> tokenRequests = new ConcurrentLinkedQueue<>();
  final Queue<String> paths = new ConcurrentLinkedQueue<>();

  /** authorization_pending answers before the device code succeeds. */
  volatile int pendingPolls = 1;

  /** When set, the device code poll answers this error instead of succeeding. */
  volatile String deviceCodeError;

  /** Access token lifetime in seconds. */
  volatile long expiresIn = 3600;

  /** Accepted client assertion (workload identity), or null to accept any non-empty one. */
  volatile String expectedAssertion;

  /** Status of IMDS answers (200 for a token). */
  volatile int imdsStatus = 200;

  FakeEntra() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return handle(request);
          }
        });
    server.start();
  }

  /** msal4j's HTTP seam, sending everything to this fake. */
  IHttpClient httpClient() {
    JdkHttpClient http = new JdkHttpClient(Duration.ofSeconds(10), Duration.ofSeconds(30));
    return (HttpRequest request) -> {
      URI original = request.url().toURI();
      String pathAndQuery =
          original.getRawPath()
              + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
      return http.send(request, URI.create(server.url(pathAndQuery).toString()));
    };
  }

  String baseUrl() {
    return server.url("/").toString();
  }

  int tokenRequestCount(String grantType) {
    return (int) tokenRequests.stream().filter(p -> grantType.equals(p.get("grant_type"))).count();
  }

  private MockResponse handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    paths.add(request.getMethod() + " " + path);
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
      body.put("access_token", "mi-at-" + issued.incrementAndGet());
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
        body.put("access_token", "app-at-" + issued.incrementAndGet());
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

  static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> form(String body) {
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

  @Override
  public void close() throws IOException {
    server.close();
  }
}
