package dev.kubelogin.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.resolve.ResolvedContext;
import dev.kubelogin.testing.AdapterFixture;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator in a pod: no kubeconfig, the service account the kubelet mounts and rotates, and a
 * fabric8 watch that outlives its first token.
 */
class InClusterFabric8Test {
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

  @Test
  void noKubeconfig_serviceAccountToken_watchSurvivesRotation() throws Exception {
    ResolvedContext context = fx.resolveInCluster();
    BlockingQueue<String> added = new LinkedBlockingQueue<>();

    try (KubernetesClient client =
            KubeloginFabric8.clientBuilder(context)
                .editOrNewConfig()
                .withWatchReconnectInterval(50)
                .endConfig()
                .build();
        Watch watch = client.namespaces().watch(new Reporter(added))) {
      assertThat(client.getNamespace()).isEqualTo("team-a");
      fx.server.createNamespace("before-rotation");
      awaitAdded(added, "before-rotation");

      // the kubelet rotates the token; the old one stops working; the watch is ended
      fx.mountServiceAccount("tok-sa-2");
      fx.server.revoke("tok-sa-1");
      fx.server.endWatches();
      fx.server.createNamespace("after-rotation");

      awaitAdded(added, "after-rotation");
    }
    assertThat(fx.tokensSeen().stream().distinct()).containsExactly("tok-sa-1", "tok-sa-2");
  }

  private static void awaitAdded(BlockingQueue<String> added, String name) throws Exception {
    String seen;
    do {
      seen = added.poll(2, TimeUnit.MINUTES);
      assertThat(seen).as("the watch reported " + name).isNotNull();
    } while (!seen.equals(name));
  }

  /** Puts the name of every added namespace on a queue. */
  private static final class Reporter implements Watcher<Namespace> {
    private final BlockingQueue<String> added;

    Reporter(BlockingQueue<String> added) {
      this.added = added;
    }

    @Override
    public void eventReceived(Action action, Namespace namespace) {
      if (action == Action.ADDED) {
        added.add(namespace.getMetadata().getName());
      }
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
