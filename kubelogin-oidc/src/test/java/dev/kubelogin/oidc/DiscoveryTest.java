package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AuthenticationFailedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  private MockWebServer idp;
  private String issuer;

  @BeforeEach
  void start() throws Exception {
    idp = new MockWebServer();
    idp.start(0);
    issuer = idp.url("/realms/k").toString();
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private String document(String iss) {
    return "{\"issuer\":\""
        + iss
        + "\",\"authorization_endpoint\":\""
        + iss
        + "/auth\","
        + "\"token_endpoint\":\""
        + iss
        + "/token\",\"jwks_uri\":\""
        + iss
        + "/certs\","
        + "\"device_authorization_endpoint\":\""
        + iss
        + "/device\","
        + "\"code_challenge_methods_supported\":[\"plain\",\"S256\"]}";
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private Discovery discovery(Duration readTimeout) {
    return new Discovery(
        IdpTransport.builder()
            .requestHeaders(Map.of("Origin", "https://spa.example"))
            .readTimeout(readTimeout)
            .build(),
        Clock.systemUTC());
  }

  @Test
  void metadata_fetchedOnceWithJsonAcceptAndExtraHeaders() throws Exception {
    idp.enqueue(json(200, document(issuer)));
    Discovery d = discovery(Duration.ofSeconds(10));

    ProviderMetadata m = d.metadata(issuer);
    assertThat(d.metadata(issuer)).isSameAs(m);

    assertThat(m.tokenEndpoint()).isEqualTo(issuer + "/token");
    assertThat(m.deviceAuthorizationEndpoint()).contains(issuer + "/device");
    assertThat(m.signingAlgorithms()).containsExactly("RS256");
    assertThat(m.codeChallengeMethods()).contains("S256");
    RecordedRequest r = idp.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r.getUrl().encodedPath()).isEqualTo("/realms/k/.well-known/openid-configuration");
    assertThat(r.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(r.getHeaders().get("Origin")).isEqualTo("https://spa.example");
    assertThat(idp.getRequestCount()).isEqualTo(1);
  }

  @Test
  void metadata_issuerDiffersByTrailingSlash_rejected() {
    idp.enqueue(json(200, document(issuer + "/")));
    assertThatThrownBy(() -> discovery(Duration.ofSeconds(10)).metadata(issuer))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("issuer did not match")
        .hasMessageContaining("expected \"" + issuer + "\" got \"" + issuer + "/\"");
  }

  @Test
  void metadata_serverError_statusAndBodyInMessageNotCached() {
    idp.enqueue(json(500, "{\"error\":\"boom\"}"));
    idp.enqueue(json(200, document(issuer)));
    Discovery d = discovery(Duration.ofSeconds(10));
    assertThatThrownBy(() -> d.metadata(issuer))
        .hasMessageContaining("answered HTTP 500: {\"error\":\"boom\"}");
    assertThat(d.metadata(issuer).issuer()).isEqualTo(issuer);
  }

  @Test
  void metadata_htmlPage_clearMessage() {
    idp.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/html; charset=utf-8")
            .body("<html>login</html>")
            .build());
    assertThatThrownBy(() -> discovery(Duration.ofSeconds(10)).metadata(issuer))
        .hasMessageContaining("answered an HTML page, not JSON");
  }

  @Test
  void metadata_malformedOrIncomplete_clearMessage() {
    idp.enqueue(json(200, "{not json"));
    idp.enqueue(json(200, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"x\"}"));
    Discovery d = discovery(Duration.ofSeconds(10));
    assertThatThrownBy(() -> d.metadata(issuer)).hasMessageContaining("is not a JSON object");
    assertThatThrownBy(() -> d.metadata(issuer)).hasMessageContaining("lacks token_endpoint");
  }

  @Test
  void metadata_idpHangs_timesOut() {
    idp.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    assertThatThrownBy(() -> discovery(Duration.ofMillis(300)).metadata(issuer))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("timed out");
  }

  @Test
  void metadata_goesThroughTheProxyTheEnvironmentNames() throws Exception {
    String remote = "http://idp.example/realms/k"; // resolvable only by the proxy
    idp.enqueue(json(200, document(remote)));
    Discovery d =
        new Discovery(
            IdpTransport.builder()
                .proxyFromEnvironment(Map.of("HTTP_PROXY", "127.0.0.1:" + idp.getPort()))
                .build(),
            Clock.systemUTC());

    assertThat(d.metadata(remote).issuer()).isEqualTo(remote);
    RecordedRequest r = idp.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r.getUrl().host()).isEqualTo("idp.example");
  }

  @Test
  void metadata_httpsWithSelfSignedCertificate_trustedViaCaDataOrInsecure() throws Exception {
    okhttp3.tls.HeldCertificate cert =
        new okhttp3.tls.HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
    okhttp3.tls.HandshakeCertificates server =
        new okhttp3.tls.HandshakeCertificates.Builder().heldCertificate(cert).build();
    try (MockWebServer tls = new MockWebServer()) {
      tls.useHttps(server.sslSocketFactory());
      tls.start(0);
      String iss = tls.url("/r").toString();
      tls.enqueue(json(200, document(iss)));
      tls.enqueue(json(200, document(iss)));
      tls.enqueue(json(200, document(iss)));
      String caData =
          java.util.Base64.getEncoder()
              .encodeToString(
                  cert.certificatePem().getBytes(java.nio.charset.StandardCharsets.UTF_8));

      assertThatThrownBy(
              () -> new Discovery(IdpTransport.builder().build(), Clock.systemUTC()).metadata(iss))
          .isInstanceOf(AuthenticationFailedException.class);
      assertThat(
              new Discovery(
                      IdpTransport.builder()
                          .certificateAuthorityData(java.util.List.of(caData))
                          .build(),
                      Clock.systemUTC())
                  .metadata(iss)
                  .issuer())
          .isEqualTo(iss);
      assertThat(
              new Discovery(
                      IdpTransport.builder().insecureSkipTlsVerify(true).build(), Clock.systemUTC())
                  .metadata(iss)
                  .issuer())
          .isEqualTo(iss);
    }
  }
}
