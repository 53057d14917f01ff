package dev.kubelogin.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.RefreshPolicy;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.kubernetes.KubeloginKubernetesClient;
import dev.kubelogin.oidc.GetTokenOptions;
import dev.kubelogin.oidc.GrantType;
import dev.kubelogin.oidc.OidcTokenProvider;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.RecordedRequest;
import dev.kubelogin.testing.TestIdentityProvider;
import dev.kubelogin.testing.UserInfo;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.ClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pattern to copy for your own integration tests: an identity provider and an API server that
 * trusts it, both in the test's JVM; tokens obtained in code with the password grant (a person) or
 * client credentials (a service); your code under test talking to the cluster with them.
 *
 * <p>Run: {@code ./mvnw -B -pl examples -am test -Dtest=ClusterTestPatternTest
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ClusterTestPatternTest {
  static TestIdentityProvider idp;
  static FakeKubeApiServer cluster;
  @TempDir static Path cache;

  @BeforeAll
  static void start() {
    idp = TestIdentityProvider.builder().user("alice", List.of("developers")).start();
    cluster = FakeKubeApiServer.builder().jwtIssuer(idp.kubeApiServerIssuer("my-app")).start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
    idp.close();
  }

  /** What the code under test gets: a client for the cluster with these tokens. */
  private static ApiClient clientWith(TokenProvider tokens) {
    return new ClientBuilder()
        .setBasePath(cluster.url())
        .setCertificateAuthority(cluster.certificateAuthorityPem().getBytes(StandardCharsets.UTF_8))
        .setAuthentication(KubeloginKubernetesClient.authentication(tokens))
        .build();
  }

  private static TokenProvider tokens(GetTokenOptions options) {
    return TokenProvider.cached(
        OidcTokenProvider.builder(options).interactive(false).cacheDirectory(cache).build(),
        RefreshPolicy.defaults());
  }

  @Test
  void aPerson_passwordGrant_isAliceInDevelopers() throws Exception {
    TokenProvider alice =
        tokens(
            GetTokenOptions.builder(idp.issuerUrl(), "my-app")
                .grantType(GrantType.PASSWORD)
                .username("alice")
                .password("any password works here")
                .build());

    new CoreV1Api(clientWith(alice)).listNamespace().execute();

    RecordedRequest request = cluster.requests().get(cluster.requests().size() - 1);
    assertThat(request.user()).contains(new UserInfo("alice", List.of("developers")));
  }

  @Test
  void aService_clientCredentials_isItsClientId() throws Exception {
    TokenProvider service =
        tokens(
            GetTokenOptions.builder(idp.issuerUrl(), "my-app")
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .clientSecret("my-app-secret")
                .useAccessToken(true)
                .build());

    assertThat(new CoreV1Api(clientWith(service)).listNamespace().execute().getItems())
        .isNotEmpty();

    RecordedRequest request = cluster.requests().get(cluster.requests().size() - 1);
    assertThat(request.user().map(UserInfo::username)).contains("my-app");
  }
}
