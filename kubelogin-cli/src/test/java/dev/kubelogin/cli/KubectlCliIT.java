package dev.kubelogin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.cli.KubectlRunner.Run;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.JwtIssuerConfig;
import dev.kubelogin.testing.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged launchers as kubectl's exec plugin: real kubectl, the fake API server validating the
 * test IdP's JWTs, the password grant against mock-oauth2-server. The start-up cache is off here
 * (its build runs in the background); {@code LauncherIT} covers it.
 */
class KubectlCliIT {
  private static TestIdp idp;
  @TempDir Path home;
  private FakeKubeApiServer api;
  private KubectlRunner kubectl;

  @BeforeAll
  static void startIdp() {
    idp = new TestIdp(3600);
  }

  @AfterAll
  static void stopIdp() {
    idp.close();
  }

  @BeforeEach
  void startApi() throws Exception {
    api = idp.apiServer();
    kubectl = new KubectlRunner(home, api);
    idp.takeTokenRequests();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  private Path kubeconfig(String apiVersion, String mode, String command, List<String> args)
      throws Exception {
    return kubectl.kubeconfig(apiVersion, mode, command, args, Map.of());
  }

  private List<String> password() {
    return List.of(
        "--oidc-issuer-url=" + idp.issuer(),
        "--oidc-client-id=" + TestIdp.CLIENT_ID,
        "--grant-type=password",
        "--username=alice",
        "--password=pw");
  }

  /** kubectl-oidc_login with the password grant, exec v1, interactiveMode Never. */
  private Path passwordKubeconfig() throws Exception {
    return kubeconfig(
        "client.authentication.k8s.io/v1",
        "Never",
        "kubectl-oidc_login",
        with(List.of("get-token"), password()));
  }

  private static List<String> with(List<String> first, List<String> rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(rest);
    return all;
  }

  @ParameterizedTest
  @CsvSource({
    "client.authentication.k8s.io/v1, kubectl-oidc_login, get-token",
    "client.authentication.k8s.io/v1beta1, kubectl-oidc_login, get-token",
    "client.authentication.k8s.io/v1, kubelogin, get-token",
    "client.authentication.k8s.io/v1beta1, kubelogin, get-token"
  })
  void int128Forms_getRawAndWhoami_succeedAsTheTokenUser(
      String apiVersion, String command, String subcommand) throws Exception {
    Path config = kubeconfig(apiVersion, "Never", command, with(List.of(subcommand), password()));

    Run raw = kubectl.run(config, "get", "--raw", "/api");
    Run whoami = kubectl.run(config, "auth", "whoami");

    assertThat(raw.exit()).as(raw.stderr()).isZero();
    assertThat(raw.stdout()).contains("APIVersions");
    assertThat(whoami.exit()).as(whoami.stderr()).isZero();
    assertThat(whoami.stdout())
        .contains(idp.issuer() + "#alice")
        .contains("[dev ops system:authenticated]");
    assertThat(idp.takeTokenRequests()).isEqualTo(1); // the second kubectl read the cache
  }

  /**
   * An mTLS proxy in front of the API server: get-token prints the certificate of {@code
   * --client-cert} beside the token, and kubectl presents both (the token as the bearer, the
   * certificate when the server asks for one).
   */
  @Test
  void clientCertBesideTheToken_kubectlPresentsBoth() throws Exception {
    HeldCertificate cert =
        new HeldCertificate.Builder().commonName("proxy-client").rsa2048().build();
    Path certFile = Files.writeString(home.resolve("client.crt"), cert.certificatePem());
    Path keyFile = Files.writeString(home.resolve("client.key"), cert.privateKeyPkcs8Pem());
    try (FakeKubeApiServer proxy =
        FakeKubeApiServer.builder()
            .jwtIssuer(
                JwtIssuerConfig.builder(idp.issuer(), TestIdp.CLIENT_ID)
                    .groupsClaim("groups")
                    .build())
            .requestClientCertificates()
            .start()) {
      KubectlRunner behindProxy = new KubectlRunner(home, proxy);
      Path config =
          behindProxy.kubeconfig(
              "client.authentication.k8s.io/v1",
              "Never",
              "kubectl-oidc_login",
              with(
                  with(List.of("get-token"), password()),
                  List.of("--client-cert=" + certFile, "--client-key=" + keyFile)),
              Map.of());

      Run run = behindProxy.run(config, "get", "--raw", "/api");

      assertThat(run.exit()).as(run.stderr()).isZero();
      assertThat(proxy.requests())
          .isNotEmpty()
          .allSatisfy(
              r -> {
                assertThat(r.bearerToken()).isPresent();
                assertThat(r.user()).isPresent();
                assertThat(r.clientCertificate().orElseThrow().getSubjectX500Principal().getName())
                    .isEqualTo("CN=proxy-client");
              });
    }
  }

  @Test
  void interactiveModeNever_emptyCacheBrowserLogin_failsFastWithTheCommandToRun() throws Exception {
    Path config =
        kubeconfig(
            "client.authentication.k8s.io/v1",
            "Never",
            "kubectl-oidc_login",
            List.of(
                "get-token",
                "--oidc-issuer-url=" + idp.issuer(),
                "--oidc-client-id=" + TestIdp.CLIENT_ID));

    Run run = kubectl.run(config, "get", "--raw", "/api");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("error: login required for " + idp.issuer() + ": there is no cached token")
        .contains("run `kubectl oidc-login get-token --oidc-issuer-url=" + idp.issuer());
    assertThat(idp.takeTokenRequests()).isZero();
  }

  @Test
  void tenKubectlsOnAnEmptyCache_oneTokenRequest_tenSuccesses() throws Exception {
    Path config = passwordKubeconfig();

    for (Run run : kubectl.runTen(config, "get", "--raw", "/api")) {
      assertThat(run.exit()).as(run.stderr()).isZero();
    }

    assertThat(idp.takeTokenRequests()).isEqualTo(1);
    assertThat(api.requests().stream().map(RecordedRequest::bearerToken).distinct()).hasSize(1);
  }

  /**
   * No browser-tab storm (int128 #904): twenty kubectls in terminals at once, all needing a browser
   * login for the same key: one tab opens, the others wait for that login, and all twenty succeed
   * once it completes.
   */
  @Test
  void twentyKubectlsNeedingABrowserLogin_oneTabOpens_allSucceed() throws Exception {
    Path opened = home.resolve("opened");
    Path browser = home.resolve("browser.sh");
    Files.writeString(
        browser,
        "#!/bin/sh\necho \"$1\" >> '" + opened + "'\nexec curl -s -L -o /dev/null \"$1\"\n");
    assertThat(browser.toFile().setExecutable(true)).isTrue();
    Path config =
        kubeconfig(
            "client.authentication.k8s.io/v1",
            "IfAvailable",
            "kubectl-oidc_login",
            List.of(
                "get-token",
                "--oidc-issuer-url=" + idp.issuer(),
                "--oidc-client-id=" + TestIdp.CLIENT_ID,
                "--listen-address=127.0.0.1:0",
                "--browser-command=" + browser));

    List<Process> started = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      started.add(kubectl.processOnTerminal(config, i, "get", "--raw", "/api").start());
    }
    for (int i = 0; i < 20; i++) {
      Run run = kubectl.finish(started.get(i), i);
      assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
    }

    assertThat(Files.readAllLines(opened)).hasSize(1);
    assertThat(idp.takeTokenRequests()).isEqualTo(1);
    assertThat(api.requests().stream().map(RecordedRequest::bearerToken).distinct()).hasSize(1);
  }

  @Test
  void revokedToken_kubectlRetryAfter401_getsARefreshedToken() throws Exception {
    Path config = passwordKubeconfig();
    kubectl.assertRevokedTokenIsReplacedOnKubectlsRetry(config);

    assertThat(idp.takeTokenRequests()).isEqualTo(2); // the login, then one refresh
  }
}
