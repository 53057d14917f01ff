package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.kubelogin.core.AuthenticationFailedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way an ID token can be wrong, each rejected with a message naming the check. */
class IdTokenVerifierTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private ScriptedIdp idp;
  private IdTokenVerifier verifier;

  @BeforeEach
  void start() throws Exception {
    idp = new ScriptedIdp();
    IdpTransport transport = IdpTransport.builder().build();
    ProviderMetadata metadata = new Discovery(transport, Clock.systemUTC()).metadata(idp.issuer);
    verifier = new IdTokenVerifier(transport, metadata, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private JWTClaimsSet.Builder good() {
    return idp.claims("kubernetes", NOW, NOW.plusSeconds(300));
  }

  private void rejects(String token, String nonce, String message) {
    assertThatThrownBy(() -> verifier.verify(token, "the ID token", "kubernetes", nonce))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining(token);
  }

  @Test
  void verify_goodToken_returnsClaims() {
    String token = ScriptedIdp.sign(good().claim("nonce", "n1").build(), ScriptedIdp.KEY);

    assertThat(verifier.verify(token, "the ID token", "kubernetes", "n1"))
        .containsEntry("sub", "alice");
  }

  @Test
  void verify_wrongIssuer_rejected() {
    rejects(
        ScriptedIdp.sign(good().issuer("https://evil.example").build(), ScriptedIdp.KEY),
        null,
        "was issued by \"https://evil.example\"");
  }

  @Test
  void verify_wrongAudience_rejected() {
    rejects(
        ScriptedIdp.sign(good().audience("other").build(), ScriptedIdp.KEY),
        null,
        "is for audience [other], not the client id \"kubernetes\"");
  }

  @Test
  void verify_severalAudiencesWithForeignAzp_rejected() {
    rejects(
        ScriptedIdp.sign(
            good().audience(List.of("kubernetes", "other")).claim("azp", "other").build(),
            ScriptedIdp.KEY),
        null,
        "was authorized for \"other\"");
  }

  @Test
  void verify_expired_rejected() {
    rejects(
        ScriptedIdp.sign(
            good().expirationTime(Date.from(NOW.minusSeconds(1))).build(), ScriptedIdp.KEY),
        null,
        "expired at 2026-11-22T09:59:59Z");
  }

  @Test
  void verify_notYetValid_rejected() {
    rejects(
        ScriptedIdp.sign(
            good().notBeforeTime(Date.from(NOW.plusSeconds(600))).build(), ScriptedIdp.KEY),
        null,
        "is not valid before");
  }

  @Test
  void verify_algNone_rejected() {
    rejects(ScriptedIdp.unsigned(good().build()), null, "is not a signed JWT");
  }

  @Test
  void verify_badSignature_rejected() {
    String[] token = ScriptedIdp.sign(good().build(), ScriptedIdp.KEY).split("\\.");
    String[] other =
        ScriptedIdp.sign(good().subject("mallory").build(), ScriptedIdp.KEY).split("\\.");
    String tampered = token[0] + "." + other[1] + "." + token[2];

    rejects(tampered, null, "signature that does not verify");
  }

  @Test
  void verify_unknownKid_rejectedAfterRefetchingTheKeys() {
    String foreign =
        ScriptedIdp.sign(
            good().build(),
            new com.nimbusds.jose.jwk.RSAKey.Builder(ScriptedIdp.OTHER_KEY).keyID("k9").build());

    rejects(foreign, null, "does not contain (kid k9)");
  }

  @Test
  void verify_rotatedKey_acceptedAfterRefetch() {
    verifier.verify(ScriptedIdp.sign(good().build(), ScriptedIdp.KEY), "t", "kubernetes", null);
    idp.jwks = new JWKSet(ScriptedIdp.OTHER_KEY.toPublicJWK());

    assertThat(
            verifier.verify(
                ScriptedIdp.sign(good().build(), ScriptedIdp.OTHER_KEY), "t", "kubernetes", null))
        .containsKey("sub");
  }

  @Test
  void verify_wrongNonce_rejected() {
    rejects(
        ScriptedIdp.sign(good().claim("nonce", "other").build(), ScriptedIdp.KEY),
        "n1",
        "nonce that does not match");
  }

  @Test
  void verify_notAJwt_rejected() {
    rejects("opaque-token", null, "is not a signed JWT");
  }

  @Test
  void verify_algorithmNotAdvertised_rejected() throws Exception {
    com.nimbusds.jose.jwk.ECKey ec =
        new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
            .keyID("e1")
            .generate();
    com.nimbusds.jwt.SignedJWT jwt =
        new com.nimbusds.jwt.SignedJWT(
            new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256)
                .keyID("e1")
                .build(),
            good().build());
    jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(ec));

    rejects(jwt.serialize(), null, "is signed with ES256, which the issuer does not advertise");
  }
}
