package dev.kubelogin.examples;

import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.fabric8.KubeloginFabric8;
import dev.kubelogin.testing.FakeEntra;
import dev.kubelogin.testing.FakeKubeApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A program in an AKS pod with Microsoft Entra Workload ID: the webhook puts {@code
 * AZURE_CLIENT_ID}, {@code AZURE_TENANT_ID}, {@code AZURE_AUTHORITY_HOST} and {@code
 * AZURE_FEDERATED_TOKEN_FILE} in its environment, and its kubeconfig is what {@code kubelogin
 * convert-kubeconfig -l workloadidentity} writes. The login runs in-process on msal4j; the
 * federated token file is read again for every token request, so the kubelet's rotation of it needs
 * nothing from the program.
 *
 * <p>Here a fake Entra ID stands in for {@code login.microsoftonline.com} (this JVM's default TLS
 * trust is set to its certificate, as a pod trusts the real one through the system store), and a
 * fake API server asks it who a token belongs to, as AKS does.
 *
 * <p>Run: {@code ./mvnw -q -B -Pexample -Dexample=AzureWorkloadIdentityExample -DskipTests -pl
 * examples -am verify}
 */
public final class AzureWorkloadIdentityExample {
  private AzureWorkloadIdentityExample() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("kubelogin-workload");
    try (FakeEntra entra = FakeEntra.builder().https().start()) {
      trustForThisJvm(entra.writeTrustStore(work.resolve("truststore.p12")));
      run(entra, work);
    }
  }

  /** The JVM's default TLS trust becomes the fake's certificate (msal4j uses the default). */
  private static void trustForThisJvm(Path pkcs12) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pkcs12)) {
      store.load(in, "changeit".toCharArray());
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    SSLContext.setDefault(context);
  }

  private static void run(FakeEntra entra, Path work) throws Exception {
    try (FakeKubeApiServer cluster =
        FakeKubeApiServer.builder().tokenWebhook(entra::review).start()) {
      // What the workload identity webhook mounts and injects into the pod.
      Path federatedToken = work.resolve("azure-identity-token");
      Files.writeString(federatedToken, "projected-service-account-token");
      entra.expectedAssertion("projected-service-account-token");
      Map<String, String> podEnvironment =
          Map.of(
              "AZURE_CLIENT_ID",
              FakeEntra.SPN_CLIENT,
              "AZURE_TENANT_ID",
              FakeEntra.TENANT,
              "AZURE_AUTHORITY_HOST",
              entra.authorityHost(),
              "AZURE_FEDERATED_TOKEN_FILE",
              federatedToken.toString());

      Path kubeconfig = work.resolve("config");
      Files.writeString(
          kubeconfig,
          cluster.kubeconfig(
              "exec:\n"
                  + "  apiVersion: client.authentication.k8s.io/v1\n"
                  + "  command: kubelogin\n"
                  + "  interactiveMode: Never\n"
                  + "  args: [get-token, --login, workloadidentity, --server-id, "
                  + FakeEntra.SERVER_ID
                  + ", --disable-instance-discovery, --token-cache-dir, "
                  + work.resolve("cache")
                  + "]\n"));

      KubeconfigResolver resolver =
          KubeconfigResolver.builder()
              .loader(KubeconfigLoader.builder().explicitFile(kubeconfig).build())
              .environment(podEnvironment)
              .interactive(false)
              .build();
      try (KubernetesClient client = KubeloginFabric8.newClient(resolver.resolve())) {
        for (int i = 1; i <= 3; i++) {
          System.out.println(
              "request "
                  + i
                  + ": namespaces "
                  + client.namespaces().list().getItems().stream()
                      .map(n -> n.getMetadata().getName())
                      .collect(Collectors.toList()));
        }
      }
      System.out.println(
          "API server saw "
              + cluster.requests().stream()
                  .map(r -> r.user().map(u -> u.username()).orElse("nobody"))
                  .distinct()
                  .collect(Collectors.toList())
              + "; Entra ID token requests: "
              + entra.tokenRequests().size()
              + " (client_assertion = the federated token: "
              + entra.tokenRequests().stream()
                  .allMatch(
                      r -> "projected-service-account-token".equals(r.get("client_assertion")))
              + ")");
    }
  }
}
