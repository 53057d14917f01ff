package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AuthenticationFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An identity provider that fails, hangs or lies gets a clear error that leaks nothing. */
class TokenEndpointFailuresTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private ScriptedIdp idp;

  @BeforeEach
  void start() throws Exception {
    idp = new ScriptedIdp();
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private OidcAuthenticator password(String... flags) {
    List<String> args = new ArrayList<>();
    args.add("--oidc-issuer-url=" + idp.issuer);
    args.add("--oidc-client-id=kubernetes");
    args.add("--username=alice");
    args.add("--password=hunter2");
    args.addAll(List.of(flags));
    return OidcAuthenticator.builder(GetTokenOptions.parse(args))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .environment(Map.of())
        .transport(IdpTransport.builder().readTimeout(Duration.ofMillis(300)).build())
        .build();
  }

  private void fails(OidcAuthenticator auth, String message) {
    assertThatThrownBy(auth::login)
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void login_serverError_statusAndBodyInTheMessage() {
    idp.answerToken(500, "{\"message\":\"database down\"}");
    fails(
        password(),
        "the password grant failed: the identity provider answered HTTP 500: {\"message\":\"database down\"}");
  }

  @Test
  void login_oauthError_codeAndDescription() {
    idp.answerToken(
        401, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}");
    assertThatThrownBy(password()::login)
        .isInstanceOfSatisfying(
            OAuthErrorException.class,
            e -> {
              assertThat(e.error()).isEqualTo("invalid_grant");
              assertThat(e.credentialRejected()).isTrue();
            })
        .hasMessage(
            "the password grant failed: invalid_grant (Invalid user credentials) [HTTP 401]");
  }

  @Test
  void login_malformedJson_saysSoWithoutQuotingTheBody() {
    idp.answerToken(200, "{\"access_token\":\"secret-at\",");
    fails(password(), "answered 200 with a body that is not a JSON object");
    assertThatThrownBy(password()::login).hasMessageNotContaining("secret-at");
  }

  @Test
  void login_htmlPage_saysSo() {
    idp.tokenAnswers.add(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/html")
            .body("<html>login</html>")
            .build());
    fails(password(), "answered an HTML page, not JSON");
  }

  @Test
  void login_missingIdToken_saysWhatToDo() {
    idp.answerTokens(null, "rt");
    fails(password(), "id_token is missing in the token response");
  }

  @Test
  void login_missingAccessToken_rejected() {
    idp.answerToken(200, "{\"id_token\":\"x\"}");
    fails(password(), "answered without an access_token");
  }

  @Test
  void login_hangingTokenEndpoint_timesOut() {
    idp.tokenAnswers.add(
        new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    fails(password(), "timed out");
  }

  @Test
  void login_idTokenFromAnotherKey_rejected() {
    idp.answerTokens(
        ScriptedIdp.sign(
            idp.claims("kubernetes", NOW, NOW.plusSeconds(60)).build(), ScriptedIdp.OTHER_KEY),
        null);
    fails(password(), "is signed by a key the issuer's JWKS");
  }

  @Test
  void login_secretRefusedAsBasic_retriedInTheFormAndRemembered() throws Exception {
    OidcAuthenticator auth = password("--oidc-client-secret=s3cr3t");
    idp.answerToken(401, "{\"error\":\"invalid_client\"}");
    idp.answerTokens(idp.idToken(NOW, NOW.plusSeconds(60)), "rt");
    idp.answerTokens(idp.idToken(NOW, NOW.plusSeconds(60)), "rt");

    auth.login();
    auth.refresh("rt");

    assertThat(idp.tokenRequests).hasSize(3);
    assertThat(idp.tokenRequests.get(0).getHeaders().get("Authorization"))
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString("kubernetes:s3cr3t".getBytes()));
    assertThat(idp.form(idp.tokenRequests.get(1))).containsEntry("client_secret", "s3cr3t");
    assertThat(idp.tokenRequests.get(2).getHeaders().get("Authorization")).isNull();
    assertThat(idp.form(idp.tokenRequests.get(2))).containsEntry("client_secret", "s3cr3t");
  }

  @Test
  void login_everyLoggerAtItsFinestLevel_noSecretInAnyRecord() {
    List<String> records =
        new java.util.concurrent.CopyOnWriteArrayList<>(); // other threads log too
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    java.util.logging.Level before = root.getLevel();
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            records.add(
                r.getMessage()
                    + " "
                    + java.util.Arrays.toString(r.getParameters())
                    + " "
                    + r.getThrown());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    capture.setLevel(java.util.logging.Level.ALL);
    root.addHandler(capture);
    root.setLevel(java.util.logging.Level.ALL);
    java.util.logging.Logger google = java.util.logging.Logger.getLogger("com.google.api.client");
    google.setLevel(java.util.logging.Level.ALL);
    try {
      idp.answerToken(400, "{\"error\":\"invalid_grant\"}");
      assertThatThrownBy(
              () -> password("--oidc-client-secret=s3cr3t-client", "--grant-type=password").login())
          .isInstanceOf(AuthenticationFailedException.class);
    } finally {
      root.removeHandler(capture);
      root.setLevel(before);
      google.setLevel(null);
    }
    assertThat(String.join("\n", records))
        .doesNotContain("hunter2")
        .doesNotContain("s3cr3t-client")
        .doesNotContain(
            java.util.Base64.getEncoder().encodeToString("kubernetes:s3cr3t-client".getBytes()));
  }
}
