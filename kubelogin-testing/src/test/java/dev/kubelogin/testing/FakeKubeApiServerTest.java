package dev.kubelogin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeKubeApiServerTest {

  private TestIssuer issuer;
  private FakeKubeApiServer server;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    issuer = TestIssuer.start();
    server =
        FakeKubeApiServer.builder()
            .staticToken("static-token", new UserInfo("static-user", List.of("static-group")))
            .jwtIssuer(
                JwtIssuerConfig.builder(issuer.issuerUrl(), "kubernetes")
                    .groupsClaim("groups")
                    .groupsPrefix("oidc:")
                    .requiredClaim("tenant", "t1")
                    .build())
            .start();
    http = HttpClient.newBuilder().sslContext(trusting(server.certificateAuthorityPem())).build();
  }

  @AfterEach
  void stop() {
    server.close();
    issuer.close();
  }

  static SSLContext trusting(String pem) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    ks.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private HttpResponse<String> whoami(String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(server.url() + "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
            .POST(HttpRequest.BodyPublishers.ofString("{}"));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject userInfo(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JsonParser.parseString(r.body())
        .getAsJsonObject()
        .getAsJsonObject("status")
        .getAsJsonObject("userInfo");
  }

  private JWTClaimsSet.Builder good() {
    return issuer
        .claims("alice", "kubernetes")
        .claim("groups", List.of("devs", "ops"))
        .claim("tenant", "t1");
  }

  private String lastRejection() {
    List<RecordedRequest> rs = server.requests();
    return rs.get(rs.size() - 1).rejection().orElse("");
  }

  @Test
  void staticToken_authenticatedAndRecorded() throws Exception {
    JsonObject user = userInfo(whoami("static-token"));
    assertThat(user.get("username").getAsString()).isEqualTo("static-user");
    assertThat(user.get("groups").toString())
        .isEqualTo("[\"static-group\",\"system:authenticated\"]");
    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().get(0).bearerToken()).contains("static-token");
    assertThat(server.requests().get(0).toString()).doesNotContain("static-token");
  }

  @Test
  void noOrUnknownToken_401StatusBody() throws Exception {
    for (String token : new String[] {null, "nope"}) {
      HttpResponse<String> r = whoami(token);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.body()).isEqualTo(FakeKubeApiServer.UNAUTHORIZED);
    }
  }

  @Test
  void revoke_tokenRejectedAfterwards() throws Exception {
    assertThat(whoami("static-token").statusCode()).isEqualTo(201);
    server.revoke("static-token");
    assertThat(whoami("static-token").statusCode()).isEqualTo(401);
  }

  @Test
  void jwt_valid_usernamePrefixedWithIssuerAndGroupsPrefixed() throws Exception {
    JsonObject user = userInfo(whoami(issuer.mint(good().build())));
    assertThat(user.get("username").getAsString()).isEqualTo(issuer.issuerUrl() + "#alice");
    assertThat(user.get("groups").toString())
        .isEqualTo("[\"oidc:devs\",\"oidc:ops\",\"system:authenticated\"]");
  }

  @Test
  void jwt_expired_rejectedWithoutLeeway() throws Exception {
    String token =
        issuer.mint(good().expirationTime(new Date(System.currentTimeMillis() - 1000)).build());
    assertThat(whoami(token).statusCode()).isEqualTo(401);
    assertThat(lastRejection())
        .matches(
            "oidc: verify token: oidc: token is expired \\(Token Expiry: \\d{4}-\\d\\d-\\d\\d"
                + " \\d\\d:\\d\\d:\\d\\d \\+0000 UTC\\)");
  }

  @Test
  void jwt_missingExp_rejected() throws Exception {
    String token = issuer.mint(good().expirationTime(null).build());
    assertThat(whoami(token).statusCode()).isEqualTo(401);
    assertThat(lastRejection())
        .isEqualTo(
            "oidc: verify token: oidc: token is expired (Token Expiry: 0001-01-01 00:00:00 +0000"
                + " UTC)");
  }

  @Test
  void jwt_nbf_oneMinuteLeeway() throws Exception {
    long now = System.currentTimeMillis();
    assertThat(
            whoami(issuer.mint(good().notBeforeTime(new Date(now + 30_000)).build())).statusCode())
        .isEqualTo(201);
    assertThat(
            whoami(issuer.mint(good().notBeforeTime(new Date(now + 600_000)).build())).statusCode())
        .isEqualTo(401);
  }

  @Test
  void jwt_wrongAudience_rejected() throws Exception {
    assertThat(whoami(issuer.mint(good().audience("other").build())).statusCode()).isEqualTo(401);
    assertThat(lastRejection())
        .isEqualTo("oidc: verify token: oidc: expected audience in [kubernetes] got [other]");
  }

  @Test
  void jwt_otherIssuer_notMine() throws Exception {
    assertThat(whoami(issuer.mint(good().issuer(issuer.issuerUrl() + "/").build())).statusCode())
        .isEqualTo(401);
    assertThat(lastRejection()).isEqualTo("invalid bearer token");
  }

  @Test
  void jwt_badSignature_rejectedAfterRefetchingKeys() throws Exception {
    assertThat(whoami(issuer.mintWithForeignKey(good().build())).statusCode()).isEqualTo(401);
    assertThat(lastRejection())
        .isEqualTo(
            "oidc: verify token: failed to verify signature: oidc: failed to verify signature");
  }

  @Test
  void jwt_algNone_rejected() throws Exception {
    String token = new PlainJWT(new PlainHeader(), good().build()).serialize();
    assertThat(whoami(token).statusCode()).isEqualTo(401);
  }

  @Test
  void jwt_algorithmNotAllowed_rejected() throws Exception {
    FakeKubeApiServer strict =
        FakeKubeApiServer.builder()
            .jwtIssuer(
                JwtIssuerConfig.builder(issuer.issuerUrl(), "kubernetes")
                    .signingAlgorithms(List.of(JWSAlgorithm.ES256.getName()))
                    .build())
            .start();
    try (strict) {
      HttpClient c =
          HttpClient.newBuilder().sslContext(trusting(strict.certificateAuthorityPem())).build();
      HttpResponse<String> r =
          c.send(
              HttpRequest.newBuilder(URI.create(strict.url() + "/api"))
                  .header("Authorization", "Bearer " + issuer.mint(good().build()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(strict.requests().get(0).rejection().orElseThrow())
          .contains("unsupported algorithm");
    }
  }

  @Test
  void jwt_requiredClaimMismatch_rejected() throws Exception {
    assertThat(whoami(issuer.mint(good().claim("tenant", "t2").build())).statusCode())
        .isEqualTo(401);
    assertThat(lastRejection()).startsWith("oidc: required claim tenant");
  }

  @Test
  void jwt_emailClaim_noPrefixAndEmailVerifiedEnforced() throws Exception {
    FakeKubeApiServer byEmail =
        FakeKubeApiServer.builder()
            .jwtIssuer(
                JwtIssuerConfig.builder(issuer.issuerUrl(), "kubernetes")
                    .usernameClaim("email")
                    .build())
            .start();
    try (byEmail) {
      HttpClient c =
          HttpClient.newBuilder().sslContext(trusting(byEmail.certificateAuthorityPem())).build();
      String verified =
          issuer.mint(good().claim("email", "a@example.com").claim("email_verified", true).build());
      String unverified =
          issuer.mint(
              good().claim("email", "a@example.com").claim("email_verified", false).build());
      HttpRequest.Builder req =
          HttpRequest.newBuilder(
                  URI.create(byEmail.url() + "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
              .POST(HttpRequest.BodyPublishers.ofString("{}"));
      HttpResponse<String> ok =
          c.send(
              req.copy().header("Authorization", "Bearer " + verified).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(userInfo(ok).get("username").getAsString()).isEqualTo("a@example.com");
      HttpResponse<String> bad =
          c.send(
              req.copy().header("Authorization", "Bearer " + unverified).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(401);
      assertThat(byEmail.requests().get(1).rejection()).contains("oidc: email not verified");
    }
  }

  @Test
  void discovery_servesNamespacesAndVersion() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces?limit=500"))
                .header("Authorization", "bearer static-token")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"kube-system\"");
  }
}
