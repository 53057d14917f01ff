package dev.kubelogin.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.fabric8.KubeloginFabric8;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.TestClusterExtension;
import dev.kubelogin.testing.TestIdentityProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class IdeExampleTest {
  @RegisterExtension final TestClusterExtension fake = TestClusterExtension.create(); // per test
  @TempDir Path dir;

  private String kubeconfig(FakeKubeApiServer cluster, TestIdentityProvider idp, String grant) {
    return cluster.kubeconfig(
        "exec:\n"
            + "  apiVersion: client.authentication.k8s.io/v1\n"
            + "  command: kubectl\n"
            + "  interactiveMode: IfAvailable\n"
            + "  args:\n"
            + "  - oidc-login\n"
            + "  - get-token\n"
            + "  - --oidc-issuer-url="
            + idp.issuerUrl()
            + "\n  - --oidc-client-id=kubernetes\n"
            + grant
            + "  - --token-cache-dir="
            + dir.resolve("cache")
            + "\n");
  }

  private static String run(KubeconfigLoader loader) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IdeExample.run(loader, null, new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run_afterKubectlLoggedIn_listsNamespacesFromTheSharedCache(
      TestIdentityProvider idp, FakeKubeApiServer cluster) throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(
        file, kubeconfig(cluster, idp, "  - --username=alice\n  - --password=secret\n"));
    KubeconfigLoader loader = KubeconfigLoader.builder().explicitFile(file).build();
    // kubectl logs in and lists namespaces: the same plugin arguments, the same cache directory.
    try (KubernetesClient kubectl =
        KubeloginFabric8.newClient(KubeconfigResolver.builder().loader(loader).build().resolve())) {
      kubectl.namespaces().list();
    }
    idp.stop(); // the IDE needs no identity provider: the cache has the token

    String out = run(loader);

    assertThat(out).contains("contexts: fake (current)");
    assertThat(out).contains("fake: namespaces [default, kube-system]");
    assertThat(cluster.requests())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(cluster.requests().get(1).bearerToken())
        .isEqualTo(cluster.requests().get(0).bearerToken());
  }

  @Test
  void run_nobodyLoggedIn_saysWhichCommandLogsInAndOpensNoBrowser(
      TestIdentityProvider idp, FakeKubeApiServer cluster) throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(file, kubeconfig(cluster, idp, ""));

    String out = run(KubeconfigLoader.builder().explicitFile(file).build());

    assertThat(out).containsPattern("fake: .*login required.*kubectl oidc-login get-token");
    assertThat(cluster.requests()).isEmpty();
  }
}
