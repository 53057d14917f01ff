package dev.kubelogin.cli;

import static dev.kubelogin.testing.FakeEntra.SERVER_ID;
import static dev.kubelogin.testing.FakeEntra.SPN_CLIENT;
import static dev.kubelogin.testing.FakeEntra.SPN_SECRET;
import static dev.kubelogin.testing.FakeEntra.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.cli.KubectlRunner.Run;
import dev.kubelogin.testing.FakeEntra;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.RecordedRequest;
import dev.kubelogin.testing.TestClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged {@code kubelogin} in Azure form as kubectl's exec plugin: real kubectl, the fake
 * Entra ID over HTTPS as the authority host ({@code --disable-instance-discovery}, as for Azure
 * Stack), its trust store handed to the plugin's JVM through {@code KUBELOGIN_JAVA_OPTS} in the
 * exec stanza, and the fake API server asking the fake Entra ID about tokens (a token webhook, as
 * AKS's guard did).
 */
class KubectlAzureIT {
  @RegisterExtension
  final TestClusterExtension cluster =
      TestClusterExtension.builder().entra(FakeEntra.builder().https()).build();

  @TempDir Path home;
  private FakeEntra entra;
  private FakeKubeApiServer api;
  private KubectlRunner kubectl;
  private Map<String, String> jvm;

  @BeforeEach
  void start() {
    entra = cluster.entra();
    api = cluster.apiServer();
    kubectl = new KubectlRunner(home, api);
    Path trust = entra.writeTrustStore(home.resolve("entra-trust.p12"));
    jvm =
        Map.of(
            "KUBELOGIN_JAVA_OPTS",
            "-Djavax.net.ssl.trustStore=" + trust + " -Djavax.net.ssl.trustStorePassword=changeit");
  }

  private List<String> spn() {
    return List.of(
        "get-token",
        "--login",
        "spn",
        "--server-id",
        SERVER_ID,
        "--client-id",
        SPN_CLIENT,
        "--tenant-id",
        TENANT,
        "--client-secret",
        SPN_SECRET,
        "--authority-host",
        entra.authorityHost(),
        "--disable-instance-discovery");
  }

  private Path spnKubeconfig(String apiVersion) throws Exception {
    return kubectl.kubeconfig(apiVersion, "Never", "kubelogin", spn(), jvm);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"})
  void servicePrincipal_getRawAndWhoami_succeedAsTheApplication(String apiVersion)
      throws Exception {
    Path config = spnKubeconfig(apiVersion);

    Run raw = kubectl.run(config, "get", "--raw", "/api");
    Run whoami = kubectl.run(config, "auth", "whoami");

    assertThat(raw.exit()).as(raw.stderr()).isZero();
    assertThat(raw.stdout()).contains("APIVersions");
    assertThat(whoami.exit()).as(whoami.stderr()).isZero();
    assertThat(whoami.stdout()).contains(SPN_CLIENT).contains("system:authenticated");
    assertThat(entra.tokenRequestCount("client_credentials")).isEqualTo(1); // then the file
    assertThat(entra.tokenRequests().get(0)).containsEntry("client_secret", SPN_SECRET);
  }

  @Test
  void workloadIdentity_fromThePodEnvironment_readsTheFederatedTokenFile() throws Exception {
    Path federated = home.resolve("azure-identity-token");
    Files.writeString(federated, "projected-service-account-token\n");
    entra.expectedAssertion("projected-service-account-token");
    Map<String, String> env = new java.util.HashMap<>(jvm);
    env.put("AZURE_CLIENT_ID", SPN_CLIENT);
    env.put("AZURE_TENANT_ID", TENANT);
    env.put("AZURE_FEDERATED_TOKEN_FILE", federated.toString());
    env.put("AZURE_AUTHORITY_HOST", entra.authorityHost());
    Path config =
        kubectl.kubeconfig(
            "client.authentication.k8s.io/v1",
            "Never",
            "kubelogin",
            List.of(
                "get-token",
                "--login",
                "workloadidentity",
                "--server-id",
                SERVER_ID,
                "--disable-instance-discovery"),
            env);

    Run whoami = kubectl.run(config, "auth", "whoami");
    Run raw = kubectl.run(config, "get", "--raw", "/api");

    assertThat(whoami.exit()).as(whoami.stderr()).isZero();
    assertThat(whoami.stdout()).contains(SPN_CLIENT);
    assertThat(raw.exit()).as(raw.stderr()).isZero();
    assertThat(entra.tokenRequests())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .containsEntry("client_assertion", "projected-service-account-token")
                    .containsEntry("client_id", SPN_CLIENT));
  }

  @Test
  void deviceCodeWithInteractiveModeNever_emptyCache_failsFastWithTheCommandToRun()
      throws Exception {
    Path config =
        kubectl.kubeconfig(
            "client.authentication.k8s.io/v1",
            "Never",
            "kubelogin",
            List.of(
                "get-token",
                "--login",
                "devicecode",
                "--server-id",
                SERVER_ID,
                "--client-id",
                FakeEntra.PUBLIC_CLIENT,
                "--tenant-id",
                TENANT,
                "--authority-host",
                entra.authorityHost(),
                "--disable-instance-discovery"),
            jvm);

    Run run = kubectl.run(config, "get", "--raw", "/api");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("error: login required")
        .contains("devicecode login needs a person")
        .contains("run `kubelogin get-token");
    assertThat(entra.tokenRequests()).isEmpty();
  }

  @Test
  void tenKubectlsOnAnEmptyCache_oneTokenRequest_tenSuccesses() throws Exception {
    Path config = spnKubeconfig("client.authentication.k8s.io/v1");

    for (Run run : kubectl.runTen(config, "get", "--raw", "/api")) {
      assertThat(run.exit()).as(run.stderr()).isZero();
    }

    assertThat(entra.tokenRequestCount("client_credentials")).isEqualTo(1);
    assertThat(api.requests().stream().map(RecordedRequest::bearerToken).distinct()).hasSize(1);
  }

  @Test
  void secondKubectl_servedFromThePreparedResponse_withoutJava() throws Exception {
    Path log = home.resolve("java.log");
    Path config =
        kubectl.kubeconfig(
            "client.authentication.k8s.io/v1",
            "Never",
            "kubelogin",
            spn(),
            Map.of(
                "KUBELOGIN_JAVA_OPTS",
                jvm.get("KUBELOGIN_JAVA_OPTS") + " -Xlog:class+load=info:file=" + log));
    Run first = kubectl.run(config, "get", "--raw", "/api");
    assertThat(first.exit()).as(first.stderr()).isZero();
    assertThat(Files.deleteIfExists(log)).as("the login runs Java").isTrue();

    Run second = kubectl.run(config, "auth", "whoami");

    assertThat(second.exit()).as(second.stderr()).isZero();
    assertThat(second.stdout()).contains(SPN_CLIENT);
    assertThat(second.stderr()).isEmpty();
    assertThat(log).as("the cache hit does not").doesNotExist();
    assertThat(api.requests().stream().map(RecordedRequest::bearerToken).distinct()).hasSize(1);
    assertThat(entra.tokenRequestCount("client_credentials")).isEqualTo(1);
  }

  @Test
  void revokedToken_kubectlRetryAfter401_getsANewToken() throws Exception {
    Path config = spnKubeconfig("client.authentication.k8s.io/v1");
    kubectl.assertRevokedTokenIsReplacedOnKubectlsRetry(config);

    assertThat(entra.tokenRequestCount("client_credentials")).isEqualTo(2);
  }
}
