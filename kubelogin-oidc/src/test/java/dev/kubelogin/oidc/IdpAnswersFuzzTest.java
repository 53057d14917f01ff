package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.kubelogin.core.AuthenticationFailedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * What a provider (or anyone in its place) answers during a login, served over HTTP by a scripted
 * provider: the keys and the ID token the verifier checks, and the device authorization answer that
 * drives the device-code grant. Each ends in a value or in {@link AuthenticationFailedException};
 * nothing shown on the console carries control characters other than newline and tab, and no
 * message quotes the token.
 */
class IdpAnswersFuzzTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  /**
   * Started on first use, after the network hook is in place: the hook's lambda lives in the test
   * class, which must be initialised before the HTTP client's threads call it.
   */
  private static final class Fixture {
    static final ScriptedIdp IDP;
    static final IdpTransport TRANSPORT = IdpTransport.builder().build();
    static final ProviderMetadata METADATA;
    static final IdTokenVerifier VERIFIER;
    static final String GOOD_TOKEN;

    static {
      try {
        IDP = new ScriptedIdp();
      } catch (Exception e) {
        throw new ExceptionInInitializerError(e);
      }
      METADATA = new Discovery(TRANSPORT, Clock.systemUTC()).metadata(IDP.issuer);
      VERIFIER =
          new IdTokenVerifier(
              Fixture.TRANSPORT, Fixture.METADATA, Clock.fixed(NOW, ZoneOffset.UTC));
      GOOD_TOKEN = IDP.idToken(NOW, NOW.plusSeconds(300));
    }
  }

  /** Jazzer's SSRF detector: the only connections made are to the scripted provider. */
  private static void allowOnlyLoopback() {
    BugDetectors.allowNetworkConnections(
        (host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
  }

  @Timeout(30) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void idToken_anyTokenKeysOrClaims_claimsOrAuthenticationFailed(FuzzedDataProvider data)
      throws JOSEException {
    allowOnlyLoopback();
    String token;
    IdTokenVerifier verifier = Fixture.VERIFIER;
    switch (data.consumeInt(0, 2)) {
      case 0: // any text where the token answer's id_token goes
        token = data.consumeRemainingAsString();
        break;
      case 1: // any JWKS document, checked against a good token
        Fixture.IDP.jwksBody = data.consumeRemainingAsString();
        verifier =
            new IdTokenVerifier(
                Fixture.TRANSPORT, Fixture.METADATA, Clock.fixed(NOW, ZoneOffset.UTC));
        token = Fixture.GOOD_TOKEN;
        break;
      default: // any claims, signed by the provider's real key
        JWSObject jws =
            new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ScriptedIdp.KEY.getKeyID()).build(),
                new Payload(data.consumeRemainingAsBytes()));
        jws.sign(new RSASSASigner(ScriptedIdp.KEY));
        token = jws.serialize();
    }
    try {
      verifier.verify(token, "the ID token", "kubernetes", null);
    } catch (AuthenticationFailedException e) {
      if (token.length() >= 16) {
        assertThat(e.getMessage()).doesNotContain(token);
      }
    } finally {
      Fixture.IDP.jwksBody = null;
    }
  }

  @Timeout(30) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void deviceAuthorization_anyAnswer_endsAndShowsOnlyPrintableText(byte[] data) {
    allowOnlyLoopback();
    ScriptedIdp idp = Fixture.IDP;
    idp.deviceAnswers.clear();
    idp.tokenAnswers.clear();
    idp.deviceAnswers.add(
        ScriptedIdp.json(200, new String(data, java.nio.charset.StandardCharsets.UTF_8)));
    idp.answerToken(400, "{\"error\":\"expired_token\"}");
    DeviceCodeGrantTest.SteppingClock clock = new DeviceCodeGrantTest.SteppingClock();
    RecordingConsole console = new RecordingConsole();
    List<String> opened = new java.util.ArrayList<>();
    OidcAuthenticator auth =
        DeviceCodeGrantTest.device(idp.issuer, clock, opened, console, new java.util.ArrayList<>());
    try {
      auth.login();
    } catch (AuthenticationFailedException e) {
      // the expected end: a refused answer, or the scripted expired_token
    }
    for (String line : console.printed) {
      // newline and tab move no cursor and recolour nothing; every other control character goes
      assertThat(line.chars().filter(c -> Character.isISOControl(c) && c != '\n' && c != '\t'))
          .isEmpty();
    }
    for (String url : opened) {
      assertThat(OidcAuthenticator.opensInBrowser(url)).isTrue();
    }
  }
}
