package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AuthenticationFailedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider that sends its headers and then a byte a second: the caller is released by the total
 * deadline of the request, or of the login, instead of waiting as long as the provider likes. (The
 * JUnit timeouts only stop a regression from hanging the build.)
 */
class StalledIdpTest {
  @TempDir Path home;
  private MockWebServer idp;
  private String issuer;

  @BeforeEach
  void start() throws Exception {
    idp = new MockWebServer();
    idp.start();
    issuer = idp.url("/realms/k8s").toString();
    // A discovery document padded to 4000 bytes, sent at a byte a second: over an hour.
    String discovery =
        "{\"issuer\":\""
            + issuer
            + "\",\"token_endpoint\":\""
            + issuer
            + "/token\",\"jwks_uri\":\""
            + issuer
            + "/certs\",\"x\":\""
            + "x".repeat(4000)
            + "\"}";
    idp.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body(discovery)
            .throttleBody(1, 1, TimeUnit.SECONDS)
            .build());
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  @Test
  @Timeout(120)
  void request_bodyTricklesIn_failsAtTheReadTimeout() {
    IdpTransport transport = IdpTransport.builder().readTimeout(Duration.ofSeconds(1)).build();

    assertThatThrownBy(() -> transport.get(issuer + "/.well-known/openid-configuration"))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("timed out (no complete answer within 1000 ms)");
  }

  @Test
  @Timeout(120)
  void passwordLogin_discoveryTricklesIn_failsWithinTheAuthenticationTimeout() {
    OidcAuthenticator auth =
        OidcAuthenticator.builder(
                GetTokenOptions.parse(
                    List.of(
                        "--oidc-issuer-url=" + issuer,
                        "--oidc-client-id=kubernetes",
                        "--grant-type=password",
                        "--username=alice",
                        "--password=hunter2",
                        "--authentication-timeout-sec=2")))
            .environment(Map.of())
            .home(home)
            .build();

    assertThatThrownBy(auth::login)
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("timed out")
        .hasMessageNotContaining("hunter2");
    assertThat(idp.getRequestCount()).isEqualTo(1);
  }
}
