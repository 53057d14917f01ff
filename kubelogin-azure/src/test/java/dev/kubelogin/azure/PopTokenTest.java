package dev.kubelogin.azure;

import static dev.kubelogin.testing.FakeEntra.SERVER_ID;
import static dev.kubelogin.testing.FakeEntra.SPN_CLIENT;
import static dev.kubelogin.testing.FakeEntra.SPN_SECRET;
import static dev.kubelogin.testing.FakeEntra.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.testing.FakeEntraExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PopTokenTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  @TempDir Path cache;
  @RegisterExtension final FakeEntraExtension entra = FakeEntraExtension.create();

  private AzureTokenProvider spn(String claims) {
    return AzureTokenProvider.builder(
            AzureOptions.parse(
                List.of(
                    "-l",
                    "spn",
                    "--server-id",
                    SERVER_ID,
                    "--client-id",
                    SPN_CLIENT,
                    "-t",
                    TENANT,
                    "--client-secret",
                    SPN_SECRET,
                    "--cache-dir",
                    cache.toString(),
                    "--pop-enabled",
                    "--pop-claims",
                    claims),
                Map.of()))
        .routeRequests(entra.get()::redirect)
        .environment(Map.of())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  @Test
  void spn_popToken_requestCarriesReqCnf_tokenSignedByTheCnfKey_everyClaimKept() throws Exception {
    AccessToken token =
        spn("u=/subscriptions/s/resourceGroups/g/providers/Microsoft.Kubernetes/connectedClusters/c, team = blue")
            .token();
    assertThat(token.type()).isEqualTo(AccessToken.Type.POP);

    Map<String, String> request = entra.get().tokenRequests().get(0);
    assertThat(request).containsEntry("token_type", "pop");
    JsonObject reqCnf =
        JsonParser.parseString(
                new String(
                    Base64.getUrlDecoder().decode(request.get("req_cnf")), StandardCharsets.UTF_8))
            .getAsJsonObject();
    assertThat(reqCnf.get("xms_ksl").getAsString()).isEqualTo("sw");

    JWSObject jws = JWSObject.parse(token.value());
    assertThat(jws.getHeader().getType().getType()).isEqualTo("pop");
    assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    Map<String, Object> payload = jws.getPayload().toJSONObject();
    @SuppressWarnings("unchecked")
    Map<String, Object> cnf = (Map<String, Object>) payload.get("cnf");
    RSAKey jwk = JWK.parse((Map<String, Object>) cnf.get("jwk")).toRSAKey();
    assertThat(jws.verify(new RSASSAVerifier(jwk))).isTrue();
    assertThat(jwk.computeThumbprint().toString())
        .isEqualTo(jws.getHeader().getKeyID())
        .isEqualTo(reqCnf.get("kid").getAsString());
    assertThat(payload.get("at")).asString().startsWith("app-at-");
    assertThat(((Number) payload.get("ts")).longValue()).isEqualTo(NOW.getEpochSecond());
    assertThat(payload.get("u")).asString().endsWith("connectedClusters/c");
    assertThat(payload).containsEntry("team", "blue");
    assertThat(payload.get("nonce")).asString().matches("[0-9a-f]{32}");
    assertThat(token.expiresAt()).isPresent();
  }

  @Test
  void popKey_persisted0600AndReused_cachedTokenReSignedWithFreshNonce() throws Exception {
    AccessToken first = spn("u=cluster").token();
    Path key = cache.resolve(PopTokens.KEY_FILE);
    assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Files.getPosixFilePermissions(key))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    AccessToken second = spn("u=cluster").token(); // new provider, as in a new process
    JWSObject a = JWSObject.parse(first.value());
    JWSObject b = JWSObject.parse(second.value());
    assertThat(b.getHeader().getKeyID()).isEqualTo(a.getHeader().getKeyID());
    assertThat(b.getPayload().toJSONObject().get("at"))
        .isEqualTo(a.getPayload().toJSONObject().get("at"));
    assertThat(b.getPayload().toJSONObject().get("nonce"))
        .isNotEqualTo(a.getPayload().toJSONObject().get("nonce"));
    assertThat(entra.get().tokenRequestCount("client_credentials")).isEqualTo(1);
    assertThat(cache.resolve(MsalCacheFile.POP_TOKENS)).exists();
    assertThat(cache.resolve(MsalCacheFile.TOKENS)).doesNotExist();
  }

  @Test
  void corruptKeyFile_isReplaced() throws Exception {
    Files.createDirectories(cache);
    Files.writeString(cache.resolve(PopTokens.KEY_FILE), "not a key");
    assertThat(spn("u=cluster").token().type()).isEqualTo(AccessToken.Type.POP);
    assertThat(Files.readString(cache.resolve(PopTokens.KEY_FILE)))
        .startsWith("-----BEGIN RSA PRIVATE KEY-----");
  }

  @Test
  void claimsWithoutU_orReserved_areRejected() {
    assertThatThrownBy(() -> spn("x=1"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("u-claim");
    assertThatThrownBy(() -> spn("u=1,nonce=2"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("nonce");
    assertThatThrownBy(() -> spn("u=1,bad"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("key=value");
  }
}
