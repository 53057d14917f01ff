package dev.kubelogin.azure;

import static dev.kubelogin.testing.FakeEntra.SERVER_ID;
import static dev.kubelogin.testing.FakeEntra.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.testing.FakeEntraExtension;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificateTest {
  @TempDir Path dir;
  @RegisterExtension final FakeEntraExtension entra = FakeEntraExtension.create();
  HeldCertificate cert;

  @BeforeEach
  void start() throws Exception {
    cert = new HeldCertificate.Builder().commonName("spn").rsa2048().build();
  }

  private AzureTokenProvider spn(Path file, String password) {
    return AzureTokenProvider.builder(
            AzureOptions.parse(
                List.of(
                    "-l",
                    "spn",
                    "--server-id",
                    SERVER_ID,
                    "--client-id",
                    "cert-client",
                    "-t",
                    TENANT,
                    "--client-certificate",
                    file.toString(),
                    "--client-certificate-password",
                    password,
                    "--cache-dir",
                    dir.resolve("cache").toString()),
                Map.of()))
        .routeRequests(entra.get()::redirect)
        .environment(Map.of())
        .build();
  }

  private Path pfx(String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "spn",
        cert.keyPair().getPrivate(),
        password.toCharArray(),
        new X509Certificate[] {cert.certificate()});
    Path file = dir.resolve("spn.pfx");
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password.toCharArray());
    }
    return file;
  }

  @Test
  void pfx_signsTheAssertionAndSendsX5c() throws Exception {
    assertThat(spn(pfx("pfx-pw"), "pfx-pw").token().value()).startsWith("app-at-");
    Map<String, String> request = entra.get().tokenRequests().get(0);
    JWSObject assertion = JWSObject.parse(request.get("client_assertion"));
    assertThat(assertion.getHeader().getX509CertChain()).hasSize(1);
    assertThat(assertion.getPayload().toJSONObject()).containsEntry("iss", "cert-client");
  }

  @Test
  void pem_pkcs8KeyAndCertificate() throws Exception {
    Path pem = dir.resolve("spn.pem");
    Files.writeString(pem, cert.privateKeyPkcs8Pem() + cert.certificatePem());
    assertThat(spn(pem, "").token().value()).startsWith("app-at-");
    assertThat(
            JWSObject.parse(entra.get().tokenRequests().get(0).get("client_assertion"))
                .getHeader()
                .getX509CertChain())
        .hasSize(1);
  }

  @Test
  void pem_pkcs1Key() throws Exception {
    Path pem = dir.resolve("spn.pem");
    Files.writeString(pem, cert.certificatePem() + cert.privateKeyPkcs1Pem());
    assertThat(spn(pem, "").token().value()).startsWith("app-at-");
  }

  @Test
  void pfx_wrongPassword_isAClearError() throws Exception {
    Path file = pfx("right");
    assertThatThrownBy(() -> spn(file, "wrong").token())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("wrong --client-certificate-password")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("right"));
  }

  @Test
  void unreadableOrKeylessCertificate_isAClearError() throws Exception {
    assertThatThrownBy(() -> spn(dir.resolve("missing.pem"), "").token())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("cannot read --client-certificate");
    Path noKey = dir.resolve("nokey.pem");
    Files.writeString(noKey, cert.certificatePem());
    assertThatThrownBy(() -> spn(noKey, "").token())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("no PEM private key");
  }
}
