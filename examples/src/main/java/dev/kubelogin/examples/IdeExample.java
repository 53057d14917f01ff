package dev.kubelogin.examples;

import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.kubeconfig.Kubeconfig;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.ResolvedContext;
import dev.kubelogin.fabric8.KubeloginFabric8;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * What an IDE plugin does: offer the contexts of the user's kubeconfig, and list a context's
 * namespaces with the login kubectl already made — int128's and Azure's token caches are read
 * in-process, and nothing opens a browser behind the user's back: without a usable login the answer
 * says which command logs in.
 *
 * <p>Run: {@code ./mvnw -q -B -Pexample -Dexample=IdeExample -Dargs=CONTEXT -DskipTests -pl
 * examples -am verify} (no argument: the current context of {@code KUBECONFIG} or {@code
 * ~/.kube/config}).
 */
public final class IdeExample {
  private IdeExample() {}

  public static void main(String[] args) {
    run(KubeconfigLoader.defaults(), args.length > 0 ? args[0] : null, System.out);
  }

  /** Lists the contexts, then the namespaces of {@code context} (null: the current one). */
  static void run(KubeconfigLoader loader, String context, PrintStream out) {
    Kubeconfig config = loader.load();
    out.println(
        "contexts: "
            + config.contexts().keySet().stream()
                .map(c -> c.equals(config.currentContext().orElse(null)) ? c + " (current)" : c)
                .collect(Collectors.joining(", ")));
    ResolvedContext resolved =
        KubeconfigResolver.builder().loader(loader).interactive(false).build().resolve(context);
    try (KubernetesClient client = KubeloginFabric8.newClient(resolved)) {
      out.println(
          resolved.name()
              + ": namespaces "
              + client.namespaces().list().getItems().stream()
                  .map(n -> n.getMetadata().getName())
                  .collect(Collectors.toList()));
    } catch (KubeloginException e) {
      out.println(resolved.name() + ": " + e.getMessage());
    }
  }
}
