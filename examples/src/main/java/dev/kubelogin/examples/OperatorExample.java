package dev.kubelogin.examples;

import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.ResolvedContext;
import dev.kubelogin.fabric8.KubeloginFabric8;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.TestIdentityProvider;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An operator's long-running watch that outlives its tokens and an identity provider restart.
 *
 * <p>The operator logs in with client credentials (int128's {@code --grant-type=client-credentials}
 * in its kubeconfig, served in-process). Tokens live {@value #TOKEN_SECONDS} seconds. Each round
 * the API server gets a new namespace, the watch reports it, and then the API server ends every
 * watch, as it does when a watch times out or a server restarts; fabric8 watches again, and that
 * request carries whatever token is current. Midway the identity provider goes down for a while:
 * the watch keeps working on the token it has, retries while a new token cannot be had, and catches
 * up when the provider is back. Nothing is rebuilt.
 *
 * <p>Run: {@code ./mvnw -q -B -Pexample -Dexample=OperatorExample -DskipTests -pl examples -am
 * verify}
 */
public final class OperatorExample {
  static final int TOKEN_SECONDS = 3;
  static final int ROUNDS = 6;

  private OperatorExample() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("kubelogin-operator");
    try (TestIdentityProvider idp =
            TestIdentityProvider.builder()
                .tokenLifetime(Duration.ofSeconds(TOKEN_SECONDS))
                .start();
        FakeKubeApiServer cluster =
            FakeKubeApiServer.builder().jwtIssuer(idp.kubeApiServerIssuer("operator")).start()) {
      Path kubeconfig = work.resolve("config");
      Files.writeString(
          kubeconfig,
          cluster.kubeconfig(
              "exec:\n"
                  + "  apiVersion: client.authentication.k8s.io/v1\n"
                  + "  command: kubectl\n"
                  + "  interactiveMode: Never\n"
                  + "  args:\n"
                  + "  - oidc-login\n"
                  + "  - get-token\n"
                  + "  - --oidc-issuer-url="
                  + idp.issuerUrl()
                  + "\n  - --oidc-client-id=operator\n"
                  + "  - --oidc-client-secret=operator-secret\n"
                  + "  - --grant-type=client-credentials\n"
                  + "  - --oidc-use-access-token\n"
                  + "  - --token-cache-dir="
                  + work.resolve("cache")
                  + "\n"));
      ResolvedContext context =
          KubeconfigResolver.builder()
              .loader(KubeconfigLoader.builder().explicitFile(kubeconfig).build())
              .interactive(false)
              .build()
              .resolve();
      say("identity provider " + idp.issuerUrl() + ", tokens live " + TOKEN_SECONDS + " s");

      BlockingQueue<String> added = new LinkedBlockingQueue<>();
      try (KubernetesClient client =
              KubeloginFabric8.clientBuilder(context)
                  .editOrNewConfig()
                  .withWatchReconnectInterval(200)
                  .endConfig()
                  .build();
          Watch watch = client.namespaces().watch(new Reporter(added))) {
        for (int round = 1; round <= ROUNDS; round++) {
          String name = "team-" + round;
          cluster.createNamespace(name);
          if (round == 3) {
            Thread.sleep(TOKEN_SECONDS * 1000); // the provider is down longer than a token lives
            idp.restart();
            say("         identity provider restarted");
          }
          String seen;
          do {
            seen = added.poll(60, TimeUnit.SECONDS);
            if (seen == null) {
              throw new IllegalStateException(
                  "the watch did not report " + name + cluster.requests());
            }
          } while (!seen.equals(name));
          say(
              "round "
                  + round
                  + ": the watch reported "
                  + name
                  + " ("
                  + watchRequests(cluster)
                  + " watch requests, "
                  + distinctTokens(cluster)
                  + " different tokens so far)");
          if (round == 2) {
            idp.stop();
            say("         identity provider stopped");
          }
          cluster.endWatches();
          Thread.sleep(TOKEN_SECONDS * 1000 / 2); // time passes; tokens run out
        }
      }
      say(
          "done: "
              + watchRequests(cluster)
              + " watch requests with "
              + distinctTokens(cluster)
              + " different tokens; the watch was never rebuilt");
    }
  }

  static long watchRequests(FakeKubeApiServer cluster) {
    return cluster.requests().stream()
        .filter(r -> r.path().contains("watch=true") && r.status() == 200)
        .filter(r -> r.headers("Upgrade").isEmpty())
        .count();
  }

  static long distinctTokens(FakeKubeApiServer cluster) {
    return cluster.requests().stream()
        .filter(r -> r.status() == 200)
        .map(r -> r.bearerToken().orElse(""))
        .distinct()
        .count();
  }

  private static void say(String line) {
    System.out.println(line);
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
    public void onClose(WatcherException cause) {
      say("the watch closed for good: " + cause.getMessage());
    }
  }
}
