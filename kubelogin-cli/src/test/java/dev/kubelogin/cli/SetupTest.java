package dev.kubelogin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.kubeconfig.ExecConfig;
import dev.kubelogin.core.kubeconfig.Kubeconfig;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupTest {
  private static TestIdp idp;
  @TempDir Path home;

  @BeforeAll
  static void start() {
    idp = new TestIdp(3600);
  }

  @AfterAll
  static void stop() {
    idp.close();
  }

  private List<String> login() {
    return List.of(
        "--oidc-issuer-url=" + idp.issuer(),
        "--oidc-client-id=kubernetes",
        "--grant-type=password",
        "--username=alice",
        "--password",
        "pw");
  }

  @Test
  void setup_printsClaimsCommandUserAndApiServerSettingsOnStderr() {
    CliRun run = CliRun.of(home, Map.of(), GetTokenTest.concat("setup", login()));

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr())
        .contains("## Authenticated with the OpenID Connect Provider")
        .contains("\"sub\": \"alice\"")
        .contains("kubectl config set-credentials oidc")
        .contains("--exec-interactive-mode=IfAvailable")
        .contains("Username: " + idp.issuer() + "#alice")
        .contains("Groups: dev, ops")
        .contains("--oidc-issuer-url=" + idp.issuer())
        .contains("kind: AuthenticationConfiguration");
    assertThat(home.resolve(".kube/cache/oidc-login")).doesNotExist(); // int128: no cache
  }

  @Test
  void shellQuoted_usernamesWithShellCharacters_readBackByShAsOneWord() throws Exception {
    for (String user :
        List.of(
            "https://idp.example#o'brien",
            "$(touch pwned); `touch pwned` \\ \"x\" '' * ~ | & ;",
            "")) {
      Process sh =
          new ProcessBuilder("sh", "-c", "printf %s " + Setup.shellQuoted(user))
              .directory(home.toFile())
              .redirectErrorStream(true)
              .start();
      String word =
          new String(sh.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(sh.waitFor()).isZero();
      assertThat(word).isEqualTo(user);
    }
    assertThat(home.resolve("pwned")).doesNotExist();
  }

  @Test
  void writeKubeconfig_writesClusterUserContextAndCache_thenGetTokenIsACacheHit() throws Exception {
    Path config = home.resolve("config");
    List<String> args = new java.util.ArrayList<>(GetTokenTest.concat("setup", login()));
    args.addAll(
        List.of(
            "--write-kubeconfig",
            "--cluster",
            "prod",
            "--server=https://127.0.0.1:6443",
            "--kubeconfig",
            config.toString()));
    CliRun run = CliRun.of(home, Map.of(), args);
    assertThat(run.exit()).as(run.stderr()).isZero();
    idp.takeTokenRequests();

    Kubeconfig k =
        KubeconfigLoader.builder().explicitFile(config).homeDirectory(home).build().load();
    assertThat(k.currentContext()).contains("prod");
    assertThat(k.contexts().get("prod").cluster()).isEqualTo("prod");
    assertThat(k.clusters().get("prod").server()).isEqualTo("https://127.0.0.1:6443");
    ExecConfig exec = k.users().get("oidc").exec().orElseThrow();
    assertThat(exec.command()).isEqualTo("kubectl");
    assertThat(exec.interactiveMode()).contains("IfAvailable");
    assertThat(exec.args())
        .startsWith("oidc-login", "get-token")
        .doesNotContain("pw", "--password");

    List<String> getToken = exec.args().subList(1, exec.args().size());
    CliRun hit = CliRun.of(home, Map.of(), GetTokenTest.concat("oidc-login", null, getToken));
    assertThat(hit.exit()).as(hit.stderr()).isZero();
    assertThat(hit.stderr()).isEmpty();
    assertThat(idp.takeTokenRequests()).isZero();
  }

  @Test
  void withoutIssuer_printsHelpAndSucceeds() {
    CliRun run = CliRun.of(home, Map.of(), List.of("oidc-login", "setup"));

    assertThat(run.exit()).isZero();
    assertThat(run.stderr()).contains("kubectl oidc-login setup --oidc-issuer-url=ISSUER_URL");
  }

  @Test
  void writeKubeconfigWithoutCluster_failsBeforeLoggingIn() throws Exception {
    List<String> args = new java.util.ArrayList<>(GetTokenTest.concat("setup", login()));
    args.add("--write-kubeconfig");
    idp.takeTokenRequests();

    CliRun run = CliRun.of(home, Map.of(), args);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stderr()).contains("--write-kubeconfig needs --cluster NAME");
    assertThat(idp.takeTokenRequests()).isZero();
  }

  @Test
  void flagsSetupDoesNotTake_failWithSetupsMessageBeforeLoggingIn() throws Exception {
    idp.takeTokenRequests();

    CliRun forceRefresh =
        CliRun.of(home, Map.of(), GetTokenTest.concat("setup", "--force-refresh", login()));
    CliRun unknown = CliRun.of(home, Map.of(), GetTokenTest.concat("setup", "--nope=1", login()));

    assertThat(forceRefresh.exit()).isEqualTo(1);
    assertThat(forceRefresh.stderr()).contains("setup: unknown flag: --force-refresh");
    assertThat(unknown.stderr()).contains("setup: unknown flag: --nope");
    assertThat(idp.takeTokenRequests()).isZero();
  }
}
