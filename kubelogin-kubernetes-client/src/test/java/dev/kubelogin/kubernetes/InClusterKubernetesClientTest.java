package dev.kubelogin.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.testing.AdapterFixture;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** client-java in a pod: no kubeconfig, the mounted service account, its token rotated. */
class InClusterKubernetesClientTest {
  @TempDir Path dir;
  AdapterFixture fx;

  @BeforeEach
  void start() {
    fx = new AdapterFixture(dir);
    fx.mountServiceAccount("tok-sa-1");
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  /** The fake clock stands still, so the token file is read again only because of the 401. */
  @Test
  void noKubeconfig_serviceAccountToken_rotatedTokenAfterA401() throws Exception {
    CoreV1Api core = new CoreV1Api(KubeloginKubernetesClient.newClient(fx.resolveInCluster()));

    assertThat(core.listNamespace().execute().getItems()).isNotEmpty();
    fx.mountServiceAccount("tok-sa-2");
    fx.server.revoke("tok-sa-1");
    assertThat(core.listNamespace().execute().getItems()).isNotEmpty();

    assertThat(fx.tokensSeen()).containsExactly("tok-sa-1", "tok-sa-1", "tok-sa-2");
    assertThat(fx.statuses()).containsExactly(200, 401, 200);
  }
}
