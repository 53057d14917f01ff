package dev.kubelogin.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.exec.ScriptedPlugin;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.ResolvedContext;
import dev.kubelogin.core.testsupport.RealKubectl;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same scripted exec plugin, run by the real kubectl against the fake API server and by our
 * resolver: the same token reaches the server, or the same error text comes out.
 */
class ExecPluginKubectlIT {

  @RegisterExtension
  final FakeKubeApiServerExtension api =
      FakeKubeApiServerExtension.of(
          FakeKubeApiServer.builder()
              .staticToken("good-token", new UserInfo("exec-user", List.of("exec-group"))));

  @TempDir Path tmp;
  private FakeKubeApiServer server;
  private ScriptedPlugin plugin;

  @BeforeEach
  void start(FakeKubeApiServer server) {
    this.server = server;
    plugin = new ScriptedPlugin(tmp.resolve("plugin"));
  }

  private Path kubeconfig(String mode, String arg) throws Exception {
    String ca =
        Base64.getEncoder()
            .encodeToString(server.certificateAuthorityPem().getBytes(StandardCharsets.UTF_8));
    Path file = tmp.resolve("kubeconfig-" + mode);
    Files.writeString(
        file,
        "apiVersion: v1\nkind: Config\ncurrent-context: fake\n"
            + "clusters:\n- name: fake\n  cluster:\n    server: "
            + server.url()
            + "\n    certificate-authority-data: "
            + ca
            + "\n"
            + "contexts:\n- name: fake\n  context: {cluster: fake, user: exec}\n"
            + "users:\n- name: exec\n  user:\n    exec:\n"
            + "      apiVersion: client.authentication.k8s.io/v1\n"
            + "      command: "
            + plugin.script
            + "\n"
            + "      args: ["
            + mode
            + (arg == null ? "" : ", " + arg)
            + "]\n"
            + "      interactiveMode: Never\n"
            + "      env: [{name: PLUGIN_DIR, value: "
            + plugin.logDir
            + "}]\n");
    return file;
  }

  private record Run(int exit, String stdout, String stderr) {}

  private Run kubectl(Path kubeconfig, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(List.of(RealKubectl.path(), "--kubeconfig=" + kubeconfig));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("HOME", tmp.toString());
    Path out = tmp.resolve("out");
    Path err = tmp.resolve("err");
    pb.redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private ResolvedContext resolve(Path kubeconfig) {
    return KubeconfigResolver.builder()
        .loader(KubeconfigLoader.builder().explicitFile(kubeconfig).build())
        .environment(Map.of("PATH", System.getenv("PATH")))
        .interactive(false)
        .build()
        .resolve();
  }

  @ParameterizedTest
  @ValueSource(strings = {"get --raw /api", "auth whoami"})
  void goodPlugin_kubectlAndResolverSendSameToken(String args) throws Exception {
    Path config = kubeconfig("token", "good-token");

    Run run = kubectl(config, args.split(" "));

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(server.requests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.bearerToken()).contains("good-token"));
    if (args.startsWith("auth")) {
      assertThat(run.stdout()).contains("exec-user").contains("exec-group");
    }
    assertThat(resolve(config).credentials().tokenProvider().orElseThrow().token().value())
        .isEqualTo("good-token");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"fail", "malformed", "wrongapi", "nostatus", "empty", "badexp", "trailing"})
  void badPlugin_sameErrorTextAsKubectl(String mode) throws Exception {
    Path config = kubeconfig(mode, null);

    Run run = kubectl(config, "get", "--raw", "/api");

    assertThat(run.exit()).isEqualTo(1);
    String marker = "getting credentials: ";
    String last = run.stderr().strip().lines().reduce((a, b) -> b).orElse("");
    assertThat(last).contains(marker);
    String kubectlError = last.substring(last.indexOf(marker) + marker.length());
    assertThatThrownBy(() -> resolve(config).credentials().tokenProvider().orElseThrow().token())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage(kubectlError);
    assertThat(server.requests()).isEmpty();
  }
}
