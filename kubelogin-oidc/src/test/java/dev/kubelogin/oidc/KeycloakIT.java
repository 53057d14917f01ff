package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kubelogin.core.interactive.Browser;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.oidc.cache.CachedTokens;
import dev.kubelogin.testing.AuthenticationConfiguration;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.JwtIssuerConfig;
import dev.kubelogin.testing.UserInfo;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end: Keycloak with the test realm, headless Chromium through Selenium playing the person,
 * and the issued tokens accepted by {@link FakeKubeApiServer} configured with Keycloak as issuer.
 * Runs where the {@code e2e} profile is active (chromedriver installed); skipped elsewhere.
 */
class KeycloakIT {
  private static KeycloakServer keycloak;
  private static String issuer;

  @TempDir Path home;
  private WebDriver driver;

  @BeforeAll
  static void startKeycloak() throws Exception {
    String kc = System.getProperty("kubelogin.e2e.keycloak");
    assumeTrue(kc != null, "the e2e profile is not active (no /usr/bin/chromedriver)");
    keycloak = KeycloakServer.start(Path.of(kc));
    issuer = keycloak.issuer();
  }

  @AfterAll
  static void stopKeycloak() throws Exception {
    if (keycloak != null) {
      keycloak.close();
    }
  }

  @BeforeEach
  void startBrowser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("kubelogin.e2e.chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic");
    options.setAcceptInsecureCerts(true); // the HTTPS loopback's certificate is self-signed
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(System.getProperty("kubelogin.e2e.chromedriver")))
            .build();
    driver = new ChromeDriver(service, options);
  }

  @AfterEach
  void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  /** The person: logs in as alice on Keycloak's page and approves a device when asked. */
  private Browser chromium(String expectedText) {
    return url -> {
      driver.get(url);
      driver.findElement(By.id("username")).sendKeys("alice");
      driver.findElement(By.id("password")).sendKeys("alice-password");
      driver.findElement(By.id("kc-login")).click();
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      if (expectedText.startsWith("Device")) {
        wait.until(d -> !d.findElements(By.id("kc-login")).isEmpty());
        driver.findElement(By.id("kc-login")).click(); // "Grant Access to kubelogin public client"
      }
      wait.until(d -> d.getPageSource().contains(expectedText));
    };
  }

  private OidcAuthenticator authenticator(Browser browser, String... flags) {
    List<String> args = new ArrayList<>();
    args.add("--oidc-issuer-url=" + issuer);
    args.add("--oidc-client-id=kubelogin");
    args.add("--oidc-extra-scope=email");
    args.addAll(List.of(flags));
    return OidcAuthenticator.builder(GetTokenOptions.parse(args))
        .browser(browser)
        .console(UserConsole.nonInteractive())
        .environment(Map.of())
        .home(home)
        .build();
  }

  private static JWTClaimsSet claims(CachedTokens tokens) throws Exception {
    return SignedJWT.parse(tokens.idToken()).getJWTClaimsSet();
  }

  /** The fake API server, trusting Keycloak, says who the token belongs to. */
  private static UserInfo apiServerUser(CachedTokens tokens) throws Exception {
    try (FakeKubeApiServer cluster =
        FakeKubeApiServer.builder()
            .jwtIssuer(
                JwtIssuerConfig.builder(issuer, "kubelogin")
                    .usernameClaim("email")
                    .groupsClaim("groups")
                    .build())
            .start()) {
      assertThat(get(cluster, tokens.idToken())).as(cluster.requests().toString()).isEqualTo(200);
      return cluster.requests().get(0).user().orElseThrow();
    }
  }

  @Test
  void authcode_httpLoopback_pkceLoginAcceptedByTheApiServer() throws Exception {
    CachedTokens tokens =
        authenticator(chromium("You have logged in"), "--listen-address=127.0.0.1:18000").login();

    assertThat(claims(tokens).getStringClaim("preferred_username")).isEqualTo("alice");
    assertThat(claims(tokens).getStringClaim("nonce")).isNotEmpty();
    UserInfo user = apiServerUser(tokens);
    assertThat(user.username()).isEqualTo("alice@example.test");
    assertThat(user.groups()).contains("k8s-admins");
  }

  @Test
  void authcode_httpsLoopback_withTheHostsCertificate() throws Exception {
    HeldCertificate cert =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").rsa2048().build();
    Files.writeString(home.resolve("tls.crt"), cert.certificatePem());
    Files.writeString(home.resolve("tls.key"), cert.privateKeyPkcs8Pem());
    List<String> pages = new ArrayList<>();

    CachedTokens tokens =
        authenticator(
                url -> {
                  chromium("You have logged in").open(url);
                  pages.add(driver.getCurrentUrl());
                },
                "--listen-address=127.0.0.1:8000",
                "--local-server-cert=~/tls.crt",
                "--local-server-key=~/tls.key")
            .login();

    assertThat(pages).singleElement().asString().startsWith("https://localhost:8000/");
    assertThat(claims(tokens).getStringClaim("preferred_username")).isEqualTo("alice");
  }

  @Test
  void deviceCode_approvedInTheBrowser() throws Exception {
    CachedTokens tokens =
        authenticator(chromium("Device Login Successful"), "--grant-type=device-code").login();

    assertThat(claims(tokens).getStringClaim("preferred_username")).isEqualTo("alice");
    assertThat(apiServerUser(tokens).username()).isEqualTo("alice@example.test");
  }

  @Test
  void password_thenRefresh_newTokenForTheSameUser() throws Exception {
    OidcAuthenticator auth =
        authenticator(
            url -> {
              throw new AssertionError("no browser for the password grant");
            },
            "--username=alice",
            "--password=alice-password");
    CachedTokens first = auth.login();

    CachedTokens second = auth.refresh(first.refreshToken().orElseThrow());

    assertThat(second.idToken()).isNotEqualTo(first.idToken());
    assertThat(claims(second).getSubject()).isEqualTo(claims(first).getSubject());
    assertThat(apiServerUser(second).groups()).contains("k8s-admins");
  }

  @Test
  void password_offlineAccess_keycloakIssuesAnOfflineRefreshToken() throws Exception {
    Browser none =
        url -> {
          throw new AssertionError("no browser for the password grant");
        };
    CachedTokens online =
        authenticator(none, "--username=alice", "--password=alice-password").login();
    CachedTokens offline =
        authenticator(
                none, "--username=alice", "--password=alice-password", "--oidc-offline-access")
            .login();

    assertThat(refreshTokenType(online)).isEqualTo("Refresh");
    assertThat(refreshTokenType(offline)).isEqualTo("Offline");
    assertThat(
            SignedJWT.parse(offline.refreshToken().orElseThrow())
                .getJWTClaimsSet()
                .getExpirationTime())
        .as("an offline token outlives the session")
        .isNull();
  }

  /**
   * Keycloak's tokens (over its HTTPS port, as a configuration file needs) through an
   * AuthenticationConfiguration with CEL mappings, a claim rule and a user rule; a user rule the
   * token fails is reported as kube-apiserver reports it.
   */
  @Test
  void authenticationConfiguration_keycloakTokens_celMappingsAndRules() throws Exception {
    String ca = keycloak.certificateAuthorityPem();
    List<String> args =
        List.of(
            "--oidc-issuer-url=" + keycloak.httpsIssuer(),
            "--oidc-client-id=kubelogin",
            "--oidc-extra-scope=email",
            "--certificate-authority-data="
                + Base64.getEncoder().encodeToString(ca.getBytes(StandardCharsets.UTF_8)),
            "--username=alice",
            "--password=alice-password");
    CachedTokens tokens =
        OidcAuthenticator.builder(GetTokenOptions.parse(args))
            .console(UserConsole.nonInteractive())
            .environment(Map.of())
            .home(home)
            .build()
            .login();
    String config =
        "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt:\n"
            + "- issuer:\n    url: "
            + keycloak.httpsIssuer()
            + "\n    audiences: [kubelogin]\n    certificateAuthority: |\n      "
            + ca.strip().replace("\n", "\n      ")
            + "\n  claimValidationRules:\n"
            + "  - {expression: 'claims.email_verified == true', message: verify your email}\n"
            + "  claimMappings:\n"
            + "    username: {expression: claims.email}\n"
            + "    groups: {expression: \"claims.groups.map(g, 'kc:' + g)\"}\n"
            + "    uid: {claim: sub}\n"
            + "    extra:\n    - {key: example.com/login-name, valueExpression: claims.preferred_username}\n"
            + "  userValidationRules:\n"
            + "  - {expression: \"'kc:GROUP' in user.groups\", message: members only}\n";

    UserInfo user = apiServerUser(tokens, config.replace("GROUP", "k8s-admins")).orElseThrow();
    assertThat(user.username()).isEqualTo("alice@example.test");
    assertThat(user.groups()).containsExactly("kc:k8s-admins");
    assertThat(user.uid()).isEqualTo(claims(tokens).getSubject());
    assertThat(user.extra()).containsEntry("example.com/login-name", List.of("alice"));

    try (FakeKubeApiServer cluster =
        FakeKubeApiServer.builder()
            .authenticationConfiguration(
                AuthenticationConfiguration.parse(config.replace("GROUP", "auditors")))
            .start()) {
      assertThat(get(cluster, tokens.idToken())).isEqualTo(401);
      assertThat(cluster.requests().get(0).rejection())
          .contains(
              "oidc: error evaluating user info validation rule: validation expression"
                  + " ''kc:auditors' in user.groups' failed: members only");
    }
  }

  /**
   * private_key_jwt (RFC 7523) against a Keycloak client whose authenticator is "Signed JWT" with
   * our public key as its JWKS: the password grant for alice and client credentials for the
   * client's service account, the client authenticated by a JWT signed with its key.
   */
  @Test
  void privateKeyJwt_keycloakSignedJwtClient() throws Exception {
    HeldCertificate key =
        new HeldCertificate.Builder().commonName("kubelogin-jwt").rsa2048().build();
    Path keyFile = Files.writeString(home.resolve("client.key"), key.privateKeyPkcs8Pem());
    Path certFile = Files.writeString(home.resolve("client.crt"), key.certificatePem());
    RSAKey jwk =
        new RSAKey.Builder((RSAPublicKey) key.keyPair().getPublic())
            .keyIDFromThumbprint()
            .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE)
            .algorithm(com.nimbusds.jose.JWSAlgorithm.RS256)
            .build();
    keycloak.createClient(
        "{\"clientId\":\"kubelogin-jwt\",\"publicClient\":false,"
            + "\"clientAuthenticatorType\":\"client-jwt\",\"standardFlowEnabled\":false,"
            + "\"directAccessGrantsEnabled\":true,\"serviceAccountsEnabled\":true,"
            + "\"attributes\":{\"use.jwks.string\":\"true\",\"use.jwks.url\":\"false\","
            + "\"token.endpoint.auth.signing.alg\":\"RS256\",\"jwks.string\":"
            + new com.google.gson.JsonPrimitive(new JWKSet(jwk).toString())
            + "}}");
    List<String> client =
        List.of(
            "--oidc-issuer-url=" + issuer,
            "--oidc-client-id=kubelogin-jwt",
            "--oidc-client-auth-method=private_key_jwt",
            "--oidc-client-key=" + keyFile,
            "--oidc-client-certificate=" + certFile);

    CachedTokens alice =
        login(client, "--username=alice", "--password=alice-password", "--oidc-extra-scope=email");
    CachedTokens service =
        login(client, "--grant-type=client-credentials", "--oidc-use-access-token");

    assertThat(claims(alice).getStringClaim("preferred_username")).isEqualTo("alice");
    assertThat(claims(alice).getAudience()).contains("kubelogin-jwt");
    assertThat(claims(service).getStringClaim("azp")).isEqualTo("kubelogin-jwt");
    assertThat(claims(service).getStringClaim("preferred_username"))
        .isEqualTo("service-account-kubelogin-jwt");
  }

  /**
   * tls_client_auth (RFC 8705) over Keycloak's HTTPS port (client certificates requested, our test
   * CA trusted): a client whose authenticator is "X509 certificate" gets a certificate-bound access
   * token ({@code cnf.x5t#S256} is the certificate's thumbprint).
   */
  @Test
  void tlsClientAuth_keycloakX509Client_certificateBoundToken() throws Exception {
    HeldCertificate cert = keycloak.clientCertificate("kubelogin-mtls");
    Path keyFile = Files.writeString(home.resolve("mtls.key"), cert.privateKeyPkcs8Pem());
    Path certFile = Files.writeString(home.resolve("mtls.crt"), cert.certificatePem());
    keycloak.createClient(
        "{\"clientId\":\"kubelogin-mtls\",\"publicClient\":false,"
            + "\"clientAuthenticatorType\":\"client-x509\",\"standardFlowEnabled\":false,"
            + "\"directAccessGrantsEnabled\":true,\"serviceAccountsEnabled\":true,"
            + "\"attributes\":{\"x509.subjectdn\":\"CN=kubelogin-mtls\","
            + "\"tls.client.certificate.bound.access.tokens\":\"true\"}}");
    String ca =
        Base64.getEncoder()
            .encodeToString(keycloak.certificateAuthorityPem().getBytes(StandardCharsets.UTF_8));

    CachedTokens service =
        login(
            List.of(
                "--oidc-issuer-url=" + keycloak.httpsIssuer(),
                "--oidc-client-id=kubelogin-mtls",
                "--certificate-authority-data=" + ca,
                "--oidc-client-auth-method=tls_client_auth",
                "--oidc-client-certificate=" + certFile,
                "--oidc-client-key=" + keyFile),
            "--grant-type=client-credentials",
            "--oidc-use-access-token");

    Map<String, Object> cnf = claims(service).getJSONObjectClaim("cnf");
    assertThat(cnf)
        .containsEntry(
            "x5t#S256",
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(cert.certificate().getEncoded())));
    assertThat(claims(service).getStringClaim("preferred_username"))
        .isEqualTo("service-account-kubelogin-mtls");
  }

  /**
   * RFC 8693 with Keycloak's standard token exchange: alice logs in once to a confidential client
   * allowed to exchange, and gets a token for the cluster audience {@code cluster-a}, cached under
   * its own key; an API server for {@code cluster-a} accepts it, one for {@code cluster-b} does
   * not.
   */
  @Test
  void tokenExchange_keycloakStandardExchange_tokenForOneClusterOnly() throws Exception {
    keycloak.createClient("{\"clientId\":\"cluster-a\",\"publicClient\":false}");
    keycloak.createClient("{\"clientId\":\"cluster-b\",\"publicClient\":false}");
    keycloak.adminPost(
        "/client-scopes",
        "{\"name\":\"cluster-a-audience\",\"protocol\":\"openid-connect\","
            + "\"protocolMappers\":[{\"name\":\"cluster-a\",\"protocol\":\"openid-connect\","
            + "\"protocolMapper\":\"oidc-audience-mapper\",\"config\":{"
            + "\"included.client.audience\":\"cluster-a\",\"access.token.claim\":\"true\","
            + "\"id.token.claim\":\"false\"}}]}");
    keycloak.createClient(
        "{\"clientId\":\"kubelogin-exchange\",\"publicClient\":false,"
            + "\"secret\":\"exchange-secret\",\"standardFlowEnabled\":false,"
            + "\"directAccessGrantsEnabled\":true,"
            + "\"defaultClientScopes\":[\"basic\",\"profile\",\"email\",\"roles\","
            + "\"cluster-a-audience\"],"
            + "\"attributes\":{\"standard.token.exchange.enabled\":\"true\"}}");
    GetTokenOptions options =
        GetTokenOptions.parse(
            List.of(
                "--oidc-issuer-url=" + issuer,
                "--oidc-client-id=kubelogin-exchange",
                "--oidc-client-secret=exchange-secret",
                "--oidc-use-access-token",
                "--username=alice",
                "--password=alice-password",
                "--oidc-token-exchange-audience=cluster-a"));
    Path cache = home.resolve("cache");
    OidcTokenProvider provider =
        OidcTokenProvider.builder(options)
            .interactive(false)
            .environment(Map.of())
            .home(home)
            .cacheDirectory(cache)
            .build();

    String token = provider.token().value();

    JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
    assertThat(claims.getAudience()).contains("cluster-a").doesNotContain("cluster-b");
    assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
    assertThat(cache.resolve(OidcTokenProvider.exchangeName(provider.cacheKey(), options)))
        .as("the exchanged token has its own cache entry")
        .exists();
    assertThat(cache.resolve(provider.cacheKey().fileName())).exists();
    assertThat(statusWith(token, "cluster-a")).isEqualTo(200);
    assertThat(statusWith(token, "cluster-b")).isEqualTo(401);
  }

  /**
   * DPoP (RFC 9449) with Keycloak, which advertises it: the access token and the refresh token of
   * the public client are bound to our key ({@code cnf.jkt}), and the refresh, proven with the same
   * key, gets a token bound to it again.
   */
  @Test
  void dpop_keycloakBindsTheTokensToOurKey() throws Exception {
    GetTokenOptions options =
        GetTokenOptions.parse(
            List.of(
                "--oidc-issuer-url=" + issuer,
                "--oidc-client-id=kubelogin",
                "--oidc-use-access-token",
                "--oidc-dpop",
                "--username=alice",
                "--password=alice-password"));
    Path cache = home.resolve("dpop-cache");
    OidcTokenProvider first =
        OidcTokenProvider.builder(options)
            .interactive(false)
            .environment(Map.of())
            .home(home)
            .cacheDirectory(cache)
            .build();

    String token = first.token().value();
    String jkt =
        com.nimbusds
            .jose
            .jwk
            .JWK
            .parse(Files.readString(cache.resolve(OidcTokenProvider.DPOP_KEY_FILE)))
            .computeThumbprint()
            .toString();
    first.invalidate(first.token()); // as after a 401: the next call refreshes
    String refreshed = first.token().value();

    assertThat(SignedJWT.parse(token).getJWTClaimsSet().getJSONObjectClaim("cnf"))
        .containsEntry("jkt", jkt);
    assertThat(refreshed).isNotEqualTo(token);
    assertThat(SignedJWT.parse(refreshed).getJWTClaimsSet().getJSONObjectClaim("cnf"))
        .containsEntry("jkt", jkt);
  }

  /** The status a fake API server for audience {@code audience} answers {@code token}. */
  private static int statusWith(String token, String audience) throws Exception {
    try (FakeKubeApiServer cluster =
        FakeKubeApiServer.builder()
            .jwtIssuer(
                JwtIssuerConfig.builder(issuer, audience)
                    .usernameClaim("preferred_username")
                    .build())
            .start()) {
      return get(cluster, token);
    }
  }

  private CachedTokens login(List<String> client, String... flags) {
    List<String> args = new ArrayList<>(client);
    args.addAll(List.of(flags));
    return OidcAuthenticator.builder(GetTokenOptions.parse(args))
        .console(UserConsole.nonInteractive())
        .environment(Map.of())
        .home(home)
        .build()
        .login();
  }

  private static java.util.Optional<UserInfo> apiServerUser(CachedTokens tokens, String config)
      throws Exception {
    try (FakeKubeApiServer cluster =
        FakeKubeApiServer.builder()
            .authenticationConfiguration(AuthenticationConfiguration.parse(config))
            .start()) {
      assertThat(get(cluster, tokens.idToken())).as(cluster.requests().toString()).isEqualTo(200);
      return cluster.requests().get(0).user();
    }
  }

  /** The status of {@code GET /api/v1/namespaces} with {@code token} as the bearer. */
  private static int get(FakeKubeApiServer cluster, String token) throws Exception {
    return HttpClient.newBuilder()
        .sslContext(
            new HandshakeCertificates.Builder()
                .addTrustedCertificate(
                    Certificates.decodeCertificatePem(cluster.certificateAuthorityPem()))
                .build()
                .sslContext())
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(cluster.url() + "/api/v1/namespaces"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static String refreshTokenType(CachedTokens tokens) throws Exception {
    return SignedJWT.parse(tokens.refreshToken().orElseThrow())
        .getJWTClaimsSet()
        .getStringClaim("typ");
  }
}
