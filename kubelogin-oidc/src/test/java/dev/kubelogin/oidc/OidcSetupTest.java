package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.testing.AuthenticationConfiguration;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.TestIdentityProvider;
import dev.kubelogin.testing.TestIdentityProviderExtension;
import dev.kubelogin.testing.UserInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OidcSetupTest {
  @RegisterExtension
  static final TestIdentityProviderExtension provider =
      TestIdentityProviderExtension.of(
          TestIdentityProvider.builder().user("alice", List.of("dev")));

  @RegisterExtension
  static final TestIdentityProviderExtension httpsProvider =
      TestIdentityProviderExtension.of(
          TestIdentityProvider.builder().https().user("alice", List.of("dev", "ops")));

  private static String issuer() {
    return provider.get().issuerUrl();
  }

  @Test
  void run_password_claimsCommandUsernameAndApiServerConfig() {
    List<String> args =
        List.of(
            "--oidc-issuer-url=" + issuer(),
            "--oidc-client-id",
            "kubernetes",
            "--username=alice",
            "--password=pw",
            "--oidc-extra-scope=email",
            "--oidc-extra-scope=profile",
            "--skip-open-browser");
    OidcAuthenticator auth =
        OidcAuthenticator.builder(GetTokenOptions.parse(args)).environment(Map.of()).build();

    OidcSetup setup = OidcSetup.run(auth, args);

    assertThat(setup.claims()).containsEntry("sub", "alice");
    assertThat(setup.claimsJson()).contains("\"sub\": \"alice\"");
    assertThat(setup.username()).isEqualTo(issuer() + "#alice");
    assertThat(setup.groups()).containsExactly("dev");
    assertThat(setup.apiServerFlags())
        .containsExactly(
            "--oidc-issuer-url=" + issuer(),
            "--oidc-client-id=kubernetes",
            "--oidc-groups-claim=groups");
    assertThat(setup.authenticationConfiguration())
        .contains("kind: AuthenticationConfiguration\n")
        .contains("    url: \"" + issuer() + "\"\n")
        .contains("      prefix: \"" + issuer() + "#\"\n")
        .contains("    groups:\n      claim: groups\n      prefix: \"\"\n");
    assertThat(setup.setCredentialsCommand())
        .startsWith("kubectl config set-credentials oidc \\\n")
        .contains("--exec-interactive-mode=Never")
        .containsSubsequence(
            "--exec-arg=\"--oidc-client-id=kubernetes\"",
            "--exec-arg=\"--oidc-extra-scope=email\"",
            "--exec-arg=\"--oidc-extra-scope=profile\"",
            "--exec-arg=\"--oidc-issuer-url=" + issuer() + "\"",
            "--exec-arg=\"--password=pw\"",
            "--exec-arg=\"--skip-open-browser=true\"",
            "--exec-arg=\"--username=alice\"");
  }

  /**
   * What setup prints for the API server, loaded as kube-apiserver loads it, maps setup's own token
   * to the username and groups setup predicted; the provider's CA travels with it.
   */
  @Test
  void authenticationConfiguration_appliedByAnApiServer_mapsTheTokenAsSetupPredicted()
      throws Exception {
    TestIdentityProvider idp = httpsProvider.get();
    List<String> args =
        List.of(
            "--oidc-issuer-url=" + idp.issuerUrl(),
            "--oidc-client-id=kubernetes",
            "--certificate-authority-data="
                + Base64.getEncoder()
                    .encodeToString(idp.certificateAuthorityPem().getBytes(StandardCharsets.UTF_8)),
            "--username=alice",
            "--password=pw");
    OidcSetup setup =
        OidcSetup.run(
            OidcAuthenticator.builder(GetTokenOptions.parse(args)).environment(Map.of()).build(),
            args);
    AuthenticationConfiguration config =
        AuthenticationConfiguration.parse(setup.authenticationConfiguration());

    try (FakeKubeApiServer api =
        FakeKubeApiServer.builder().authenticationConfiguration(config).start()) {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .sslContext(trusting(api.certificateAuthorityPem()))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces"))
                      .header("Authorization", "Bearer " + setup.tokens().idToken())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).as(api.requests().toString()).isEqualTo(200);
      UserInfo user = api.requests().get(0).user().orElseThrow();
      assertThat(user.username()).isEqualTo(setup.username());
      assertThat(user.groups()).isEqualTo(setup.groups());
    }
    assertThat(setup.authenticationConfiguration()).contains("    certificateAuthority: |\n");
    assertThat(setup.username()).isEqualTo(idp.issuerUrl() + "#alice");
    assertThat(setup.groups()).containsExactly("dev", "ops");
    assertThat(config.issuerUrls()).containsExactly(idp.issuerUrl());
  }

  private static SSLContext trusting(String pem) {
    return new HandshakeCertificates.Builder()
        .addTrustedCertificate(Certificates.decodeCertificatePem(pem))
        .build()
        .sslContext();
  }

  @Test
  void goQuote_escapesLikeStrconvQuote() {
    assertThat(OidcSetup.goQuote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\x01\"");
  }
}
