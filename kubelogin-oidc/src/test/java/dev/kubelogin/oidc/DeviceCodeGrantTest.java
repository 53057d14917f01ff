package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 8628 against a scripted provider, on a clock that moves only when the grant waits. */
class DeviceCodeGrantTest {
  private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

  /** A clock moved by the fake sleeper. */
  static final class SteppingClock extends Clock {
    volatile Instant now = START;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private ScriptedIdp idp;
  private final SteppingClock clock = new SteppingClock();
  private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  private final List<String> opened = new ArrayList<>();
  private final RecordingConsole console = new RecordingConsole();

  @BeforeEach
  void start() throws Exception {
    idp = new ScriptedIdp();
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private OidcAuthenticator device() {
    return device(idp.issuer, clock, opened, console, waits);
  }

  /**
   * A device-code login against {@code issuer} whose waits move {@code clock} (and are recorded in
   * {@code waits}); opened URLs go to {@code opened}.
   */
  static OidcAuthenticator device(
      String issuer,
      SteppingClock clock,
      List<String> opened,
      RecordingConsole console,
      List<Duration> waits) {
    return OidcAuthenticator.builder(
            GetTokenOptions.parse(
                List.of(
                    "--oidc-issuer-url=" + issuer,
                    "--oidc-client-id=kubernetes",
                    "--grant-type=device-code")))
        .clock(clock)
        .environment(Map.of())
        .browser(opened::add)
        .console(console)
        .sleeper(
            d -> {
              waits.add(d);
              clock.now = clock.now.plus(d);
            })
        .build();
  }

  private void deviceAnswer(String extra) {
    idp.deviceAnswers.add(
        ScriptedIdp.json(
            200,
            "{\"device_code\":\"dc\",\"user_code\":\"ABCD-EFGH\",\"verification_uri\":\"https://idp/device\""
                + extra
                + "}"));
  }

  @Test
  void login_pendingThenSlowDown_pollsAtTheServersPaceWithPkce() throws Exception {
    deviceAnswer(
        ",\"verification_uri_complete\":\"https://idp/device?c=ABCD\",\"expires_in\":60,\"interval\":2");
    idp.answerToken(400, "{\"error\":\"authorization_pending\"}");
    idp.answerToken(400, "{\"error\":\"slow_down\"}");
    String id = idp.idToken(START, START.plusSeconds(3600));
    idp.answerTokens(id, "rt");

    CachedTokens tokens = device().login();

    assertThat(tokens.idToken()).isEqualTo(id);
    assertThat(waits)
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(7));
    assertThat(opened).containsExactly("https://idp/device?c=ABCD");
    assertThat(console.printed).containsExactly("Your code is ABCD-EFGH");
    var poll = idp.form(idp.tokenRequests.get(0));
    assertThat(poll)
        .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
        .containsEntry("device_code", "dc")
        .containsKey("code_verifier");
  }

  @Test
  void login_noCompleteUri_printsTheCodeAndOpensTheUri() {
    deviceAnswer(",\"interval\":1");
    idp.answerTokens(idp.idToken(START, START.plusSeconds(3600)), null);

    device().login();

    assertThat(console.printed)
        .containsExactly("Please enter the following code when asked in your browser: ABCD-EFGH");
    assertThat(opened).containsExactly("https://idp/device");
  }

  @Test
  void login_neverApproved_stopsAtTheExpiresInDeadline() {
    deviceAnswer(",\"expires_in\":5,\"interval\":1");
    for (int i = 0; i < 10; i++) {
      idp.answerToken(400, "{\"error\":\"authorization_pending\"}");
    }

    assertThatThrownBy(device()::login)
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageStartingWith("the device code expired before the login was completed");
    assertThat(idp.tokenRequests).hasSize(4);
  }

  @Test
  void login_expiredToken_clearError() {
    deviceAnswer(",\"interval\":1");
    idp.answerToken(400, "{\"error\":\"expired_token\"}");

    assertThatThrownBy(device()::login).hasMessageStartingWith("the device code expired");
  }

  @Test
  void login_accessDenied_declined() {
    deviceAnswer(",\"interval\":1");
    idp.answerToken(400, "{\"error\":\"access_denied\"}");

    assertThatThrownBy(device()::login).hasMessage("the login was declined in the browser");
  }

  @Test
  void login_noDeviceEndpoint_namesTheProblem() {
    idp.discoveryExtra = ",\"device_authorization_endpoint\":\"\"";

    assertThatThrownBy(device()::login)
        .hasMessageContaining("advertises no device_authorization_endpoint");
  }
}
