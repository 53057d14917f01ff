package dev.kubelogin.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.resolve.ResolvedContext;
import dev.kubelogin.testing.AdapterFixture;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.RecordedRequest;
import dev.kubelogin.testing.TestClusterExtension;
import dev.kubelogin.testing.TestIdentityProvider;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An mTLS proxy in front of the API server: the in-process {@code kubectl oidc-login get-token}
 * with {@code --client-cert} and {@code --client-key} gives the client both a token and a
 * certificate, and the client sends both.
 */
class ClientCertificateBesideTokenTest {
  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.builder()
          .apiServer(FakeKubeApiServer.builder().requestClientCertificates())
          .build();

  @TempDir Path dir;

  @Test
  void tokenAndCertificate_bothReachTheServer(FakeKubeApiServer api, TestIdentityProvider idp)
      throws Exception {
    ResolvedContext context = AdapterFixture.resolveWithClientCertificate(api, idp, dir);
    api.clearRequests();

    new CoreV1Api(KubeloginKubernetesClient.newClient(context)).listNamespace().execute();

    assertThat(context.credentials().clientCertificate()).isPresent();
    RecordedRequest last = api.requests().get(api.requests().size() - 1);
    assertThat(last.status()).isEqualTo(200);
    assertThat(last.user().orElseThrow().username()).isEqualTo("alice");
    assertThat(last.clientCertificate().orElseThrow().getSubjectX500Principal().getName())
        .isEqualTo("CN=proxy-client");
  }
}
