package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DPoP (RFC 9449) as the token endpoint sees it: a proof on every token request with the one key
 * kept beside the cache, the provider's nonce honoured, and nothing sent to a provider that does
 * not do DPoP.
 */
class DpopTest {
  private static final Instant NOW = Instant.now();
  @TempDir Path home;
  private ScriptedIdp idp;

  @BeforeEach
  void start() throws Exception {
    idp = new ScriptedIdp();
    idp.discoveryExtra = ",\"dpop_signing_alg_values_supported\":[\"ES256\",\"RS256\"]";
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private OidcTokenProvider provider(String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--oidc-issuer-url=" + idp.issuer,
                "--oidc-client-id=kubernetes",
                "--grant-type=password",
                "--username=alice",
                "--password=pw"));
    args.addAll(List.of(flags));
    return OidcTokenProvider.builder(GetTokenOptions.parse(args))
        .interactive(false)
        .environment(Map.of())
        .home(home)
        .cacheDirectory(home.resolve("cache"))
        .build();
  }

  private static SignedJWT proof(RecordedRequest r) throws Exception {
    String header = r.getHeaders().get("DPoP");
    assertThat(header).as("DPoP header").isNotNull();
    return SignedJWT.parse(header);
  }

  @Test
  void everyTokenRequest_aFreshProofWithTheKeyKeptBesideTheCache() throws Exception {
    idp.answerTokens(idp.idToken(NOW, NOW.plus(Duration.ofHours(1))), "rt");
    idp.answerTokens(idp.idToken(NOW, NOW.plus(Duration.ofHours(1))), "rt2");

    provider("--oidc-dpop").token(); // logs in
    provider("--oidc-dpop", "--force-refresh").token(); // another process refreshes

    assertThat(idp.tokenRequests).hasSize(2);
    Path keyFile = home.resolve("cache").resolve(OidcTokenProvider.DPOP_KEY_FILE);
    assertThat(Files.getPosixFilePermissions(keyFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    ECKey key = ECKey.parse(Files.readString(keyFile));
    List<String> jtis = new ArrayList<>();
    for (RecordedRequest r : idp.tokenRequests) {
      SignedJWT proof = proof(r);
      assertThat(proof.getHeader().getType().getType()).isEqualTo("dpop+jwt");
      assertThat(proof.getHeader().getJWK().computeThumbprint()).isEqualTo(key.computeThumbprint());
      assertThat(proof.getHeader().getJWK().isPrivate()).isFalse();
      assertThat(proof.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
      JWTClaimsSet claims = proof.getJWTClaimsSet();
      assertThat(claims.getStringClaim("htm")).isEqualTo("POST");
      assertThat(claims.getStringClaim("htu")).isEqualTo(idp.issuer + "/token");
      assertThat(claims.getIssueTime()).isNotNull();
      jtis.add(claims.getJWTID());
    }
    assertThat(jtis).doesNotHaveDuplicates();
    assertThat(idp.form(idp.tokenRequests.get(1))).containsEntry("grant_type", "refresh_token");
  }

  @Test
  void useDpopNonce_sentAgainWithTheNonce() throws Exception {
    idp.tokenAnswers.add(
        new MockResponse.Builder()
            .code(400)
            .setHeader("Content-Type", "application/json")
            .setHeader("DPoP-Nonce", "n-1")
            .body("{\"error\":\"use_dpop_nonce\"}")
            .build());
    idp.answerTokens(idp.idToken(NOW, NOW.plus(Duration.ofHours(1))), "rt");

    provider("--oidc-dpop").token();

    assertThat(idp.tokenRequests).hasSize(2);
    assertThat(proof(idp.tokenRequests.get(0)).getJWTClaimsSet().getClaim("nonce")).isNull();
    assertThat(proof(idp.tokenRequests.get(1)).getJWTClaimsSet().getStringClaim("nonce"))
        .isEqualTo("n-1");
  }

  @Test
  void useDpopNonceWithPrivateKeyJwt_theRetryCarriesAFreshAssertion() throws Exception {
    okhttp3.tls.HeldCertificate cert =
        new okhttp3.tls.HeldCertificate.Builder().commonName("kubernetes").rsa2048().build();
    Path keyFile = Files.writeString(home.resolve("client.key"), cert.privateKeyPkcs8Pem());
    idp.tokenAnswers.add(
        new MockResponse.Builder()
            .code(400)
            .setHeader("Content-Type", "application/json")
            .setHeader("DPoP-Nonce", "n-1")
            .body("{\"error\":\"use_dpop_nonce\"}")
            .build());
    idp.answerTokens(idp.idToken(NOW, NOW.plus(Duration.ofHours(1))), "rt");

    provider(
            "--oidc-dpop",
            "--oidc-client-auth-method=private_key_jwt",
            "--oidc-client-key=" + keyFile)
        .token();

    assertThat(idp.tokenRequests).hasSize(2);
    String first = idp.form(idp.tokenRequests.get(0)).get("client_assertion");
    String second = idp.form(idp.tokenRequests.get(1)).get("client_assertion");
    assertThat(SignedJWT.parse(second).getJWTClaimsSet().getJWTID())
        .isNotEqualTo(SignedJWT.parse(first).getJWTClaimsSet().getJWTID());
  }

  @Test
  void providerWithoutDpop_noProofNoKey() {
    idp.discoveryExtra = "";
    idp.answerTokens(idp.idToken(NOW, NOW.plus(Duration.ofHours(1))), "rt");

    provider("--oidc-dpop").token();

    assertThat(idp.tokenRequests.get(0).getHeaders().get("DPoP")).isNull();
    assertThat(home.resolve("cache").resolve(OidcTokenProvider.DPOP_KEY_FILE)).doesNotExist();
  }
}
