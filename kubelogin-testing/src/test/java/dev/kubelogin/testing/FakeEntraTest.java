package dev.kubelogin.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake Entra ID over HTTPS as another process sees it, and its tokens at the API server. */
class FakeEntraTest {
  @TempDir Path dir;

  private static SSLContext trusting(Path trustStore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(trustStore)) {
      ks.load(in, "changeit".toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static String form(String... pairs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      b.append(i == 0 ? "" : "&")
          .append(pairs[i])
          .append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  @Test
  void clientCredentialsOverHttps_tokenAcceptedByTheApiServerWebhookUntilRevoked()
      throws Exception {
    try (FakeEntra entra = FakeEntra.builder().https().start();
        FakeKubeApiServer api = FakeKubeApiServer.builder().tokenWebhook(entra::review).start()) {
      assertThat(entra.authorityHost()).startsWith("https://127.0.0.1:");
      HttpClient http =
          HttpClient.newBuilder()
              .sslContext(trusting(entra.writeTrustStore(dir.resolve("trust.p12"))))
              .build();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(entra.authorityHost() + FakeEntra.TENANT + "/oauth2/v2.0/token"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          form(
                              "grant_type", "client_credentials",
                              "client_id", FakeEntra.SPN_CLIENT,
                              "client_secret", FakeEntra.SPN_SECRET,
                              "scope", FakeEntra.SCOPE)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      String token =
          JsonParser.parseString(r.body()).getAsJsonObject().get("access_token").getAsString();

      assertThat(entra.review(token)).contains(new UserInfo(FakeEntra.SPN_CLIENT, List.of()));
      assertThat(entra.review("forged")).isEmpty();
      assertThat(entra.tokenRequestCount("client_credentials")).isEqualTo(1);
      assertThat(entra.tokenRequests().get(0)).doesNotContainKey("password");

      HttpClient apiClient =
          HttpClient.newBuilder()
              .sslContext(FakeKubeApiServerTest.trusting(api.certificateAuthorityPem()))
              .build();
      HttpRequest list =
          HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces"))
              .header("Authorization", "Bearer " + token)
              .build();
      assertThat(apiClient.send(list, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
      api.revoke(token);
      assertThat(apiClient.send(list, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void plainHttp_hasNoCertificate() {
    try (FakeEntra entra = FakeEntra.start()) {
      assertThat(entra.authorityHost()).startsWith("http://127.0.0.1:");
      assertThatThrownBy(entra::certificateAuthorityPem).isInstanceOf(IllegalStateException.class);
      assertThat(entra.redirect(URI.create("https://login.microsoftonline.com/t/x?a=b")))
          .hasPath("/t/x")
          .hasQuery("a=b")
          .hasPort(URI.create(entra.authorityHost()).getPort());
    }
  }
}
