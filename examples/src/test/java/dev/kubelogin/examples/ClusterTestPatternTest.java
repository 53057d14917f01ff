package dev.kubelogin.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.RefreshPolicy;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.fabric8.KubeloginFabric8;
import dev.kubelogin.kubernetes.KubeloginKubernetesClient;
import dev.kubelogin.oidc.GetTokenOptions;
import dev.kubelogin.oidc.GrantType;
import dev.kubelogin.oidc.OidcTokenProvider;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.RecordedRequest;
import dev.kubelogin.testing.TestClusterExtension;
import dev.kubelogin.testing.TestIdentityProvider;
import dev.kubelogin.testing.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.ClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pattern to copy for your own integration tests: one extension field runs an identity provider
 * and an API server that trusts it, both in the test's JVM, and writes a kubeconfig for them; your
 * code under test talks to the cluster with tokens obtained in code (the password grant for a
 * person, client credentials for a service) or through that kubeconfig.
 *
 * <p>Run: {@code ./mvnw -B -pl examples -am test -Dtest=ClusterTestPatternTest
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ClusterTestPatternTest {
  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.builder()
          .identityProvider(TestIdentityProvider.builder().user("alice", List.of("developers")))
          .clientId("my-app")
          .build();

  @TempDir static Path cache;

  /** What the code under test gets: a client for the cluster with these tokens. */
  private static ApiClient clientWith(FakeKubeApiServer api, TokenProvider tokens) {
    return new ClientBuilder()
        .setBasePath(api.url())
        .setCertificateAuthority(api.certificateAuthorityPem().getBytes(StandardCharsets.UTF_8))
        .setAuthentication(KubeloginKubernetesClient.authentication(tokens))
        .build();
  }

  private static TokenProvider tokens(GetTokenOptions options) {
    return TokenProvider.cached(
        OidcTokenProvider.builder(options).interactive(false).cacheDirectory(cache).build(),
        RefreshPolicy.defaults());
  }

  private static RecordedRequest last(FakeKubeApiServer api) {
    return api.requests().get(api.requests().size() - 1);
  }

  @Test
  void aPerson_passwordGrant_isAliceInDevelopers(FakeKubeApiServer api, TestIdentityProvider idp)
      throws Exception {
    TokenProvider alice =
        tokens(
            GetTokenOptions.builder(idp.issuerUrl(), "my-app")
                .grantType(GrantType.PASSWORD)
                .username("alice")
                .password("any password works here")
                .build());

    new CoreV1Api(clientWith(api, alice)).listNamespace().execute();

    assertThat(last(api).user().map(UserInfo::withoutExtra))
        .contains(new UserInfo("alice", List.of("developers")));
  }

  @Test
  void aService_clientCredentials_isItsClientId(FakeKubeApiServer api, TestIdentityProvider idp)
      throws Exception {
    TokenProvider service =
        tokens(
            GetTokenOptions.builder(idp.issuerUrl(), "my-app")
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .clientSecret("my-app-secret")
                .useAccessToken(true)
                .build());

    assertThat(new CoreV1Api(clientWith(api, service)).listNamespace().execute().getItems())
        .isNotEmpty();

    assertThat(last(api).user().map(UserInfo::username)).contains("my-app");
  }

  @Test
  void codeThatLoadsAKubeconfig_logsInThroughItsExecPluginInProcess(@TempDir Path dir)
      throws Exception {
    Path config = Files.writeString(dir.resolve("config"), cluster.kubeconfig());
    KubeconfigLoader loader = KubeconfigLoader.builder().explicitFile(config).build();

    try (KubernetesClient client =
        KubeloginFabric8.newClient(KubeconfigResolver.builder().loader(loader).build().resolve())) {
      assertThat(client.namespaces().list().getItems()).isNotEmpty();
    }

    assertThat(last(cluster.apiServer()).user().map(UserInfo::withoutExtra))
        .contains(new UserInfo("alice", List.of("developers")));
  }

  /** The same kubeconfig for a provider over HTTPS: it carries the provider's CA. */
  @Nested
  class ProviderOverHttps {
    @RegisterExtension
    final TestClusterExtension https =
        TestClusterExtension.builder()
            .identityProvider(TestIdentityProvider.builder().https().user("bob", List.of("ops")))
            .build();

    @Test
    void kubeconfig_trustsTheProvidersCertificate(@TempDir Path dir) throws Exception {
      Path config = Files.writeString(dir.resolve("config"), https.kubeconfig("bob"));
      KubeconfigLoader loader = KubeconfigLoader.builder().explicitFile(config).build();

      try (KubernetesClient client =
          KubeloginFabric8.newClient(
              KubeconfigResolver.builder().loader(loader).build().resolve())) {
        assertThat(client.namespaces().list().getItems()).isNotEmpty();
      }

      assertThat(last(https.apiServer()).user().map(UserInfo::withoutExtra))
          .contains(new UserInfo("bob", List.of("ops")));
    }
  }
}
