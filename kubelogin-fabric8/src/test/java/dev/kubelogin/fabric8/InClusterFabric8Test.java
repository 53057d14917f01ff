package dev.kubelogin.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.ResolvedContext;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.RecordedRequest;
import dev.kubelogin.testing.UserInfo;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
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
  @TempDir Path tmp;
  private FakeKubeApiServer api;
  private Path account;

  @BeforeEach
  void start() throws Exception {
    UserInfo operator =
        new UserInfo("system:serviceaccount:team-a:operator", List.of("system:serviceaccounts"));
    api =
        FakeKubeApiServer.builder()
            .staticToken("sa-token-1", operator)
            .staticToken("sa-token-2", operator)
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

  /** A projected volume's new data directory, swapped in atomically as the kubelet does. */
  private void project(String version, String token) throws Exception {
    Path data = Files.createDirectories(account.resolve(version));
    Files.writeString(data.resolve("token"), token);
    Files.writeString(data.resolve("ca.crt"), api.certificateAuthorityPem());
    Files.writeString(data.resolve("namespace"), "team-a");
    Path link = account.resolve("..data_tmp");
    Files.createSymbolicLink(link, Path.of(version));
    Files.move(link, account.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void noKubeconfig_serviceAccountToken_watchSurvivesRotation() throws Exception {
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
            .build()
            .resolve();
    BlockingQueue<String> added = new LinkedBlockingQueue<>();

    try (KubernetesClient client =
            KubeloginFabric8.clientBuilder(context)
                .editOrNewConfig()
                .withWatchReconnectInterval(50)
                .endConfig()
                .build();
        Watch watch = client.namespaces().watch(new Reporter(added))) {
      assertThat(client.getNamespace()).isEqualTo("team-a");
      api.createNamespace("before-rotation");
      awaitAdded(added, "before-rotation");

      // the kubelet rotates the token; the old one stops working; the watch is ended
      project("..2", "sa-token-2");
      api.revoke("sa-token-1");
      api.endWatches();
      api.createNamespace("after-rotation");

      awaitAdded(added, "after-rotation");
    }
    List<String> tokens =
        api.requests().stream()
            .filter(r -> r.status() == 200)
            .map(r -> r.bearerToken().orElse(""))
            .distinct()
            .toList();
    assertThat(tokens).containsExactly("sa-token-1", "sa-token-2");
    assertThat(api.requests().stream().map(RecordedRequest::status)).doesNotContain(403);
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
