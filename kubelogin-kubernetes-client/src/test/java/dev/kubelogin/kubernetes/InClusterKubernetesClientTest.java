package dev.kubelogin.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.ResolvedContext;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.RecordedRequest;
import dev.kubelogin.testing.UserInfo;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** client-java in a pod: no kubeconfig, the mounted service account, its token rotated. */
class InClusterKubernetesClientTest {
  @TempDir Path tmp;
  private FakeKubeApiServer api;
  private Path account;

  @BeforeEach
  void start() throws Exception {
    UserInfo sa = new UserInfo("system:serviceaccount:team-a:app", List.of());
    api =
        FakeKubeApiServer.builder()
            .staticToken("sa-token-1", sa)
            .staticToken("sa-token-2", sa)
            .start();
    account = Files.createDirectories(tmp.resolve("serviceaccount"));
    project("..1", "sa-token-1");
    for (String name : List.of("token", "ca.crt", "namespace")) {
      Files.createSymbolicLink(account.resolve(name), Path.of("..data", name));
    }
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private void project(String version, String token) throws Exception {
    Path data = Files.createDirectories(account.resolve(version));
    Files.writeString(data.resolve("token"), token);
    Files.writeString(data.resolve("ca.crt"), api.certificateAuthorityPem());
    Files.writeString(data.resolve("namespace"), "team-a");
    Path link = account.resolve("..data_tmp");
    Files.createSymbolicLink(link, Path.of(version));
    Files.move(link, account.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
  }

  /** The clock stands still, so the token file is read again only because of the 401. */
  @Test
  void noKubeconfig_serviceAccountToken_rotatedTokenAfterA401() throws Exception {
    URI server = URI.create(api.url());
    ResolvedContext context =
        KubeconfigResolver.builder()
            .loader(
                KubeconfigLoader.builder()
                    .kubeconfigEnv(null)
                    .homeDirectory(Files.createDirectories(tmp.resolve("home")))
                    .build())
            .environment(
                Map.of(
                    "KUBERNETES_SERVICE_HOST", server.getHost(),
                    "KUBERNETES_SERVICE_PORT", Integer.toString(server.getPort())))
            .serviceAccountDirectory(account)
            .interactive(false)
            .clock(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC)) // no re-read
            .build()
            .resolve();
    ApiClient client = KubeloginKubernetesClient.newClient(context);
    CoreV1Api core = new CoreV1Api(client);

    assertThat(core.listNamespace().execute().getItems()).isNotEmpty();
    project("..2", "sa-token-2");
    api.revoke("sa-token-1");
    assertThat(core.listNamespace().execute().getItems()).isNotEmpty();

    assertThat(api.requests().stream().map(r -> r.bearerToken().orElse("")))
        .containsExactly("sa-token-1", "sa-token-1", "sa-token-2");
    assertThat(api.requests().stream().map(RecordedRequest::status)).containsExactly(200, 401, 200);
  }
}
