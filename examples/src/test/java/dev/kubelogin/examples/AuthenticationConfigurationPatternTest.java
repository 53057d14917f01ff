package dev.kubelogin.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.RefreshPolicy;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.kubernetes.KubeloginKubernetesClient;
import dev.kubelogin.oidc.GetTokenOptions;
import dev.kubelogin.oidc.GrantType;
import dev.kubelogin.oidc.OidcTokenProvider;
import dev.kubelogin.testing.AuthenticationConfiguration;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.RecordedRequest;
import dev.kubelogin.testing.TestIdentityProvider;
import dev.kubelogin.testing.TestIdentityProviderExtension;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.ClientBuilder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pattern to copy for testing a cluster's {@code AuthenticationConfiguration} before rollout:
 * the file as deployed (its issuer swapped for a test provider's), applied by the fake API server
 * as kube-apiserver applies it, and the users your provider issues mapped — or refused — as the
 * file intends.
 *
 * <p>Run: {@code ./mvnw -B -pl examples -am test -Dtest=AuthenticationConfigurationPatternTest
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
class AuthenticationConfigurationPatternTest {
  @RegisterExtension
  static final TestIdentityProviderExtension idp =
      TestIdentityProviderExtension.of(
          TestIdentityProvider.builder()
              .https()
              .user("alice", List.of("developers"))
              .claims("alice", Map.of("email", "alice@example.test", "email_verified", true))
              .user("bob", List.of("contractors"))
              .claims("bob", Map.of("email", "bob@example.test", "email_verified", true))
              .claims("carol", Map.of("email", "carol@example.test", "email_verified", false)));

  @TempDir static Path cache;

  /** The deployed file, with the test provider as its issuer. */
  private static AuthenticationConfiguration clusterFile() throws Exception {
    try (InputStream in =
        AuthenticationConfigurationPatternTest.class.getResourceAsStream(
            "/authentication-config.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return AuthenticationConfiguration.parse(
          yaml.replace("ISSUER_URL", idp.get().issuerUrl())
              .replace(
                  "CERTIFICATE_AUTHORITY",
                  idp.get().certificateAuthorityPem().strip().replace("\n", "\n      ")));
    }
  }

  /** Lists namespaces as {@code user}; the request the server recorded. */
  private static RecordedRequest listNamespacesAs(FakeKubeApiServer api, String user)
      throws Exception {
    String ca = idp.get().certificateAuthorityPem();
    TokenProvider tokens =
        TokenProvider.cached(
            OidcTokenProvider.builder(
                    GetTokenOptions.builder(idp.get().issuerUrl(), "my-app")
                        .grantType(GrantType.PASSWORD)
                        .username(user)
                        .password("any")
                        .certificateAuthorityData(
                            List.of(
                                Base64.getEncoder()
                                    .encodeToString(ca.getBytes(StandardCharsets.UTF_8))))
                        .build())
                .interactive(false)
                .cacheDirectory(cache.resolve(user))
                .build(),
            RefreshPolicy.defaults());
    ApiClient client =
        new ClientBuilder()
            .setBasePath(api.url())
            .setCertificateAuthority(api.certificateAuthorityPem().getBytes(StandardCharsets.UTF_8))
            .setAuthentication(KubeloginKubernetesClient.authentication(tokens))
            .build();
    try {
      new CoreV1Api(client).listNamespace().execute();
    } catch (ApiException e) {
      // a refused user; the recorded request says why
    }
    return api.requests().get(api.requests().size() - 1);
  }

  @Test
  void aDeveloper_isMappedWithThePrefixes() throws Exception {
    try (FakeKubeApiServer api =
        FakeKubeApiServer.builder().authenticationConfiguration(clusterFile()).start()) {
      RecordedRequest r = listNamespacesAs(api, "alice");

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.user().orElseThrow().username()).isEqualTo("oidc:alice@example.test");
      assertThat(r.user().orElseThrow().groups()).containsExactly("oidc:developers");
    }
  }

  @Test
  void aContractor_isRefusedByTheUserRule() throws Exception {
    try (FakeKubeApiServer api =
        FakeKubeApiServer.builder().authenticationConfiguration(clusterFile()).start()) {
      RecordedRequest r = listNamespacesAs(api, "bob");

      assertThat(r.status()).isEqualTo(401);
      assertThat(r.rejection()).get().asString().endsWith("contractors use the staging cluster");
    }
  }

  @Test
  void anUnverifiedEmail_isRefusedByTheClaimRule() throws Exception {
    try (FakeKubeApiServer api =
        FakeKubeApiServer.builder().authenticationConfiguration(clusterFile()).start()) {
      RecordedRequest r = listNamespacesAs(api, "carol");

      assertThat(r.status()).isEqualTo(401);
      assertThat(r.rejection()).get().asString().endsWith("the e-mail address must be verified");
    }
  }
}
