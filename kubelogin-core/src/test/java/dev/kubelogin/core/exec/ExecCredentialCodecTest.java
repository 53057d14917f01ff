package dev.kubelogin.core.exec;

import static dev.kubelogin.core.exec.ExecCredentialCodec.V1;
import static dev.kubelogin.core.exec.ExecCredentialCodec.V1ALPHA1;
import static dev.kubelogin.core.exec.ExecCredentialCodec.V1BETA1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecCredentialCodecTest {

  @Test
  void write_tokenWithExpiry_matchesGoPluginOutput() {
    ExecCredential c =
        ExecCredential.builder(V1)
            .token("abc")
            .expirationTimestamp(Instant.parse("2026-01-01T10:00:00.750Z"))
            .build();
    assertThat(ExecCredentialCodec.write(c))
        .isEqualTo(
            "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
                + "\"spec\":{\"interactive\":false},"
                + "\"status\":{\"expirationTimestamp\":\"2026-01-01T10:00:00Z\",\"token\":\"abc\"}}");
  }

  @Test
  void write_v1alpha1_rejected() {
    ExecCredential c = ExecCredential.builder(V1ALPHA1).token("abc").build();
    assertThatThrownBy(() -> ExecCredentialCodec.write(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown apiVersion: " + V1ALPHA1);
  }

  @Test
  void readPluginOutput_roundTrip_v1AndV1beta1() {
    for (String v : new String[] {V1, V1BETA1}) {
      ExecCredential c =
          ExecCredential.builder(v)
              .token("t")
              .expirationTimestamp(Instant.parse("2099-01-01T00:00:00Z"))
              .build();
      assertThat(ExecCredentialCodec.readPluginOutput(ExecCredentialCodec.write(c), v))
          .isEqualTo(c);
    }
  }

  @Test
  void readPluginOutput_fractionalSecondsAndOffset_accepted() {
    ExecCredential c =
        ExecCredentialCodec.readPluginOutput(
            "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{\"token\":\"t\","
                + "\"expirationTimestamp\":\"2099-01-01T00:00:00.123+02:00\"}}",
            V1);
    assertThat(c.expirationTimestamp()).contains(Instant.parse("2098-12-31T22:00:00.123Z"));
    assertThat(c.token()).contains("t");
  }

  @Test
  void readPluginOutput_yamlWithoutKindAndUnknownFields_accepted() {
    ExecCredential c =
        ExecCredentialCodec.readPluginOutput(
            "apiVersion: client.authentication.k8s.io/v1beta1\nextra: 1\nstatus:\n  token: yt\n",
            V1BETA1);
    assertThat(c.token()).contains("yt");
  }

  @Test
  void read_v1alpha1_accepted() {
    ExecCredential c =
        ExecCredentialCodec.read(
            "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1alpha1\","
                + "\"status\":{\"token\":\"old\"}}");
    assertThat(c.apiVersion()).isEqualTo(V1ALPHA1);
    assertThat(c.token()).contains("old");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          malformed | this is not json { | decoding stdout: couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }
          wrong version | {"apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"t"}} | exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/v1beta1
          v1alpha1 output | {"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1alpha1","status":{"token":"t"}} | decoding stdout: no kind "ExecCredential" is registered for version "client.authentication.k8s.io/v1alpha1" in scheme "pkg/client/auth/exec/exec.go:62"
          missing apiVersion | {"status":{"token":"t"}} | exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/__internal
          empty | '' | exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/__internal
          unknown kind | {"kind":"Other","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t"}} | decoding stdout: no kind "Other" is registered for version "client.authentication.k8s.io/v1" in scheme "pkg/client/auth/exec/exec.go:62"
          no status | {"apiVersion":"client.authentication.k8s.io/v1"} | exec plugin didn't return a status field
          empty status | {"apiVersion":"client.authentication.k8s.io/v1","status":{}} | exec plugin didn't return a token or cert/key pair
          cert only | {"apiVersion":"client.authentication.k8s.io/v1","status":{"clientCertificateData":"x"}} | exec plugin returned only certificate or key, not both
          bad timestamp | {"apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t","expirationTimestamp":"2026-13-45"}} | decoding stdout: parsing time "2026-13-45": month out of range
          trailing | {"apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t"}}garbage | decoding stdout: couldn't get version/kind; json parse error: invalid character 'g' after top-level value
          bad pem | {"apiVersion":"client.authentication.k8s.io/v1","status":{"clientCertificateData":"x","clientKeyData":"y"}} | failed parsing client key/certificate: tls: failed to find any PEM data in certificate input
          """)
  void readPluginOutput_badOutput_clientGoMessage(String name, String stdout, String message) {
    assertThatThrownBy(() -> ExecCredentialCodec.readPluginOutput(stdout, V1))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage(message);
  }

  @Test
  void readPluginOutput_hostileYamlOrJson_clearErrorWithoutExhaustingStackOrHeap() {
    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 9; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      bomb.append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1))));
      bomb.append("]\n");
    }
    assertThatThrownBy(() -> ExecCredentialCodec.readPluginOutput(bomb.toString(), V1))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("document contains excessive aliasing");

    StringBuilder deepYaml = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      deepYaml.append(" ".repeat(i)).append("k:\n");
    }
    assertThatThrownBy(() -> ExecCredentialCodec.readPluginOutput(deepYaml.toString(), V1))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("nested more than 200 levels deep");

    String deepJson = "{\"status\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThatThrownBy(() -> ExecCredentialCodec.readPluginOutput(deepJson, V1))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("decoding stdout");
  }

  @Test
  void readExecInfo_kubectlString_parsed() {
    ExecInfo info =
        ExecCredentialCodec.readExecInfo(
            "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
                + "\"spec\":{\"cluster\":{\"server\":\"https://127.0.0.1:16443\","
                + "\"tls-server-name\":\"localhost\",\"certificate-authority-data\":\"UEVN\","
                + "\"disable-compression\":true,\"config\":{\"audience\":\"my-audience\","
                + "\"nested\":{\"a\":1,\"b\":[\"x\",true]}}},\"interactive\":false}}\n");
    assertThat(info.apiVersion()).isEqualTo(V1);
    assertThat(info.interactive()).isFalse();
    ExecCluster c = info.cluster().orElseThrow();
    assertThat(c.server()).isEqualTo("https://127.0.0.1:16443");
    assertThat(c.tlsServerName()).contains("localhost");
    assertThat(new String(c.certificateAuthorityData().orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("PEM");
    assertThat(c.disableCompression()).isTrue();
    assertThat(c.configJson())
        .contains("{\"audience\":\"my-audience\",\"nested\":{\"a\":1,\"b\":[\"x\",true]}}");
  }

  @Test
  void writeExecInfo_matchesKubectlByteForByte() {
    String kubectl =
        "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
            + "\"spec\":{\"cluster\":{\"server\":\"https://127.0.0.1:16443\","
            + "\"insecure-skip-tls-verify\":true,\"config\":null},\"interactive\":false}}\n";
    ExecInfo info = ExecCredentialCodec.readExecInfo(kubectl);
    assertThat(info.cluster().orElseThrow().configJson()).isEmpty();
    assertThat(ExecCredentialCodec.writeExecInfo(info)).isEqualTo(kubectl);

    String interactive =
        "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
            + "\"spec\":{\"interactive\":true}}\n";
    assertThat(ExecCredentialCodec.writeExecInfo(ExecCredentialCodec.readExecInfo(interactive)))
        .isEqualTo(interactive);
  }

  @Test
  void readExecInfo_garbage_clearError() {
    assertThatThrownBy(() -> ExecCredentialCodec.readExecInfo("{nope"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("KUBERNETES_EXEC_INFO is not valid JSON");
    assertThatThrownBy(() -> ExecCredentialCodec.readExecInfo("{\"apiVersion\":\"x/v9\"}"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("unsupported apiVersion");
  }

  @Test
  void toString_neverShowsSecrets() {
    ExecCredential c =
        ExecCredential.builder(V1).token("tok-secret").clientCertificate("c", "key-secret").build();
    assertThat(c.toString()).doesNotContain("tok-secret").doesNotContain("key-secret");
  }
}
