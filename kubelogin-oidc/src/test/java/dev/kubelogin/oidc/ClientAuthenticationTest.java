package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.interactive.UserConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * private_key_jwt as the token endpoint sees it: what the form carries, what the assertion says and
 * is signed with, for a PEM key with its certificate and for a JWK; and the flag rules.
 */
class ClientAuthenticationTest {
  private static final Instant NOW = Instant.now();
  @TempDir Path dir;
  private ScriptedIdp idp;
  private HeldCertificate cert;
  private Path certFile;
  private Path keyFile;

  @BeforeEach
  void start() throws Exception {
    idp = new ScriptedIdp();
    cert = new HeldCertificate.Builder().commonName("kubernetes").rsa2048().build();
    certFile = Files.writeString(dir.resolve("client.crt"), cert.certificatePem());
    keyFile = Files.writeString(dir.resolve("client.key"), cert.privateKeyPkcs8Pem());
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private OidcAuthenticator authenticator(String... flags) {
    List<String> args =
        new ArrayList<>(List.of("--oidc-issuer-url=" + idp.issuer, "--oidc-client-id=kubernetes"));
    args.addAll(List.of(flags));
    return OidcAuthenticator.builder(GetTokenOptions.parse(args))
        .environment(Map.of())
        .console(UserConsole.nonInteractive())
        .build();
  }

  private static final String[] PASSWORD = {
    "--grant-type=password", "--username=alice", "--password=pw"
  };

  private static String[] with(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(new String[0]);
  }

  @Test
  void pemKeyAndCertificate_assertionInTheFormNoSecretNoBasic() throws Exception {
    idp.answerTokens(idp.idToken(NOW, NOW.plus(Duration.ofHours(1))), "rt");
    idp.answerTokens(idp.idToken(NOW, NOW.plus(Duration.ofHours(1))), "rt2");
    OidcAuthenticator auth =
        authenticator(
            with(
                PASSWORD,
                "--oidc-client-auth-method=private_key_jwt",
                "--oidc-client-key=" + keyFile,
                "--oidc-client-certificate=" + certFile));

    auth.refresh(auth.login().refreshToken().orElseThrow());

    assertThat(idp.tokenRequests).hasSize(2);
    List<String> jtis = new ArrayList<>();
    for (RecordedRequest r : idp.tokenRequests) {
      Map<String, String> form = idp.form(r);
      assertThat(r.getHeaders().get("Authorization")).isNull();
      assertThat(form)
          .containsEntry("client_id", "kubernetes")
          .containsEntry(
              "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
          .doesNotContainKey("client_secret");
      SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
      assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) cert.keyPair().getPublic())))
          .isTrue();
      assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
      assertThat(assertion.getHeader().getKeyID())
          .isEqualTo(
              new RSAKey.Builder((RSAPublicKey) cert.keyPair().getPublic())
                  .build()
                  .computeThumbprint()
                  .toString());
      assertThat(assertion.getHeader().getX509CertSHA256Thumbprint()).isNotNull();
      JWTClaimsSet claims = assertion.getJWTClaimsSet();
      assertThat(claims.getIssuer()).isEqualTo("kubernetes");
      assertThat(claims.getSubject()).isEqualTo("kubernetes");
      assertThat(claims.getAudience()).containsExactly(idp.issuer + "/token");
      assertThat(
              Duration.between(
                  claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
          .isEqualTo(Duration.ofMinutes(1));
      jtis.add(claims.getJWTID());
    }
    assertThat(jtis).doesNotHaveDuplicates().doesNotContainNull();
  }

  @Test
  void ecJwk_signsWithItsCurvesAlgorithmAndKid() throws Exception {
    ECKey jwk = new ECKeyGenerator(Curve.P_256).keyID("my-key").generate();
    Path jwkFile = Files.writeString(dir.resolve("client.jwk"), jwk.toJSONString());
    idp.answerTokens(idp.idToken(NOW, NOW.plus(Duration.ofHours(1))), null);

    authenticator(
            with(
                PASSWORD,
                "--oidc-client-auth-method=private_key_jwt",
                "--oidc-client-jwk=" + jwkFile))
        .login();

    SignedJWT assertion =
        SignedJWT.parse(idp.form(idp.tokenRequests.get(0)).get("client_assertion"));
    assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(assertion.getHeader().getKeyID()).isEqualTo("my-key");
    assertThat(assertion.verify(new ECDSAVerifier(jwk.toPublicJWK()))).isTrue();
  }

  @Test
  void publicJwk_refusedBeforeAnyRequest() throws Exception {
    ECKey jwk = new ECKeyGenerator(Curve.P_256).generate();
    Path jwkFile = Files.writeString(dir.resolve("public.jwk"), jwk.toPublicJWK().toJSONString());

    assertThatThrownBy(
            () ->
                authenticator(
                        with(
                            PASSWORD,
                            "--oidc-client-auth-method=private_key_jwt",
                            "--oidc-client-jwk=" + jwkFile))
                    .login())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("holds no private key");
    assertThat(idp.tokenRequests).isEmpty();
  }

  @Test
  void flagRules_clearErrors() {
    assertThatThrownBy(() -> authenticator("--oidc-client-key=" + keyFile))
        .hasMessageContaining("need --oidc-client-auth-method");
    assertThatThrownBy(() -> authenticator("--oidc-client-auth-method=private_key_jwt"))
        .hasMessageContaining("private_key_jwt needs --oidc-client-key");
    assertThatThrownBy(
            () ->
                authenticator(
                    "--oidc-client-auth-method=private_key_jwt",
                    "--oidc-client-key=" + keyFile,
                    "--oidc-client-secret=s"))
        .hasMessageContaining("excludes --oidc-client-secret");
    assertThatThrownBy(
            () ->
                authenticator(
                    "--oidc-client-auth-method=tls_client_auth", "--oidc-client-key=" + keyFile))
        .hasMessageContaining(
            "tls_client_auth needs --oidc-client-certificate and --oidc-client-key");
    assertThatThrownBy(() -> authenticator("--oidc-client-auth-method=client_secret_jwt"))
        .hasMessageContaining("must be one of private_key_jwt, tls_client_auth,");
  }
}
