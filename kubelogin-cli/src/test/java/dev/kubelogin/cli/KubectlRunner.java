package dev.kubelogin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.testsupport.RealKubectl;
import dev.kubelogin.testing.FakeKubeApiServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real kubectl against a {@link FakeKubeApiServer}, with kubeconfigs whose exec plugin is one of
 * the packaged launchers ({@code kubelogin.dist}). Each kubectl gets {@code home} as HOME, the
 * build's JDK and the start-up cache off (its build runs in the background; {@code LauncherIT}
 * covers it).
 */
final class KubectlRunner {
  static final Path DIST = Path.of(System.getProperty("kubelogin.dist", "missing"));

  record Run(int exit, String stdout, String stderr) {}

  private final Path home;
  private final FakeKubeApiServer api;

  KubectlRunner(Path home, FakeKubeApiServer api) {
    this.home = home;
    this.api = api;
  }

  /**
   * A kubeconfig with one context whose user runs {@code bin/<command> <args>} with {@code env}.
   */
  Path kubeconfig(
      String apiVersion, String mode, String command, List<String> args, Map<String, String> env)
      throws Exception {
    String ca =
        Base64.getEncoder()
            .encodeToString(api.certificateAuthorityPem().getBytes(StandardCharsets.UTF_8));
    StringBuilder y =
        new StringBuilder(
            "apiVersion: v1\nkind: Config\ncurrent-context: fake\n"
                + "clusters:\n- name: fake\n  cluster:\n    server: "
                + api.url()
                + "\n    certificate-authority-data: "
                + ca
                + "\ncontexts:\n- name: fake\n  context: {cluster: fake, user: sso}\n"
                + "users:\n- name: sso\n  user:\n    exec:\n      apiVersion: "
                + apiVersion
                + "\n      interactiveMode: "
                + mode
                + "\n      command: "
                + DIST.resolve("bin").resolve(command)
                + "\n      args:\n");
    for (String a : args) {
      y.append("      - '").append(a).append("'\n");
    }
    if (!env.isEmpty()) {
      y.append("      env:\n");
      env.forEach(
          (k, v) ->
              y.append("      - {name: '")
                  .append(k)
                  .append("', value: '")
                  .append(v)
                  .append("'}\n"));
    }
    Path file = Files.createTempFile(home, "kubeconfig-" + command + "-", "");
    Files.writeString(file, y.toString());
    return file;
  }

  /** kubectl {@code args} with output to files numbered {@code n}, not started. */
  ProcessBuilder process(Path kubeconfig, int n, String... args) {
    List<String> command =
        new ArrayList<>(List.of(RealKubectl.path(), "--kubeconfig=" + kubeconfig));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("KUBELOGIN_STARTUP_CACHE", "off");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.redirectOutput(home.resolve("out" + n).toFile())
        .redirectError(home.resolve("err" + n).toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return pb;
  }

  /**
   * As {@link #process}, with kubectl on a pseudo-terminal (util-linux {@code script}), as in a
   * person's shell: kubectl then tells the plugin it is interactive.
   */
  ProcessBuilder processOnTerminal(Path kubeconfig, int n, String... args) {
    ProcessBuilder pb = process(kubeconfig, n, args);
    StringBuilder line = new StringBuilder();
    for (String word : pb.command()) {
      line.append(" '").append(word.replace("'", "'\\''")).append('\'');
    }
    pb.command("script", "-qec", line.toString().strip(), "/dev/null");
    return pb;
  }

  /** Waits for a {@link #process} numbered {@code n}. */
  Run finish(Process p, int n) throws Exception {
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(home.resolve("out" + n)),
        Files.readString(home.resolve("err" + n)));
  }

  /** Runs kubectl {@code args} to the end. */
  Run run(Path kubeconfig, String... args) throws Exception {
    return finish(process(kubeconfig, 0, args).start(), 0);
  }

  /** Starts ten kubectls {@code args} at once and returns their runs. */
  List<Run> runTen(Path kubeconfig, String... args) throws Exception {
    List<Process> started = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      started.add(process(kubeconfig, i, args).start());
    }
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      runs.add(finish(started.get(i), i));
    }
    return runs;
  }

  /**
   * Logs in with {@code kubectl get --raw /api}, revokes the token at the API server, then runs
   * {@code kubectl get namespaces}: it must succeed, its first request carrying the revoked token
   * and its last a new one (kubectl's re-run of the plugin after the 401).
   */
  void assertRevokedTokenIsReplacedOnKubectlsRetry(Path kubeconfig) throws Exception {
    Run login = run(kubeconfig, "get", "--raw", "/api");
    assertThat(login.exit()).as(login.stderr()).isZero();
    String first = api.requests().get(0).bearerToken().orElseThrow();
    api.revoke(first);
    api.clearRequests();

    Run retried = run(kubeconfig, "get", "namespaces");

    assertThat(retried.exit()).as(retried.stderr()).isZero();
    List<String> sent = api.requests().stream().map(r -> r.bearerToken().orElse("")).toList();
    assertThat(sent.get(0)).isEqualTo(first);
    assertThat(sent.get(sent.size() - 1)).isNotEqualTo(first).isNotEmpty();
  }
}
