package dev.kubelogin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.cli.KubectlRunner.Run;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bin/kubelogin's fast path: a cache-hit get-token under kubectl answered from the {@link
 * PreparedResponse} Java wrote, without starting Java, and never when Java would print something
 * else. Whether Java ran is seen from a class-loading log the JVM writes through {@code
 * KUBELOGIN_JAVA_OPTS}, which is not part of the key.
 */
class PreparedResponseIT {
  private static final String V1_INFO =
      "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
          + "\"spec\":{\"interactive\":false}}";
  private static TestIdp idp;
  @TempDir Path home;
  private Path javaLog;
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
    javaLog = home.resolve("java.log");
    api = idp.apiServer();
    kubectl = new KubectlRunner(home, api);
    idp.takeTokenRequests();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  /** Whether a JVM started since the last call. */
  private boolean javaRan() throws IOException {
    return Files.deleteIfExists(javaLog);
  }

  private Map<String, String> logJava() {
    return Map.of("KUBELOGIN_JAVA_OPTS", "-Xlog:class+load=info:file=" + javaLog);
  }

  private static List<String> password() {
    return List.of(
        "get-token",
        "--oidc-issuer-url=" + idp.issuer(),
        "--oidc-client-id=" + TestIdp.CLIENT_ID,
        "--grant-type=password",
        "--username=alice",
        "--password=pw");
  }

  private Path kubeconfig(String apiVersion, String command, Map<String, String> env)
      throws Exception {
    Map<String, String> all = new HashMap<>(logJava());
    all.putAll(env);
    return kubectl.kubeconfig(apiVersion, "Never", command, password(), all);
  }

  private Path kubeconfig(String command, Map<String, String> env) throws Exception {
    return kubeconfig("client.authentication.k8s.io/v1", command, env);
  }

  private String lastBearer() {
    List<RecordedRequest> requests = api.requests();
    return requests.get(requests.size() - 1).bearerToken().orElseThrow();
  }

  private Run ok(Run run) {
    assertThat(run.exit()).as(run.stderr()).isZero();
    return run;
  }

  @ParameterizedTest
  @ValueSource(strings = {"kubelogin", "kubectl-oidc_login"})
  void secondKubectl_servedWithoutJava_sameTokenAndNothingOnStderr(String command)
      throws Exception {
    Path config = kubeconfig(command, Map.of());
    ok(kubectl.run(config, "get", "--raw", "/api"));
    assertThat(javaRan()).as("the login runs Java").isTrue();
    String token = lastBearer();

    Run served = ok(kubectl.run(config, "auth", "whoami"));

    assertThat(javaRan()).as("the cache hit does not").isFalse();
    assertThat(served.stdout()).contains(idp.issuer() + "#alice");
    assertThat(served.stderr()).isEmpty();
    assertThat(lastBearer()).isEqualTo(token);
    assertThat(idp.takeTokenRequests()).isEqualTo(1);
  }

  @Test
  void revokedToken_retryGoesToJava_thenTheNewTokenIsServedFast() throws Exception {
    Path config = kubeconfig("kubelogin", Map.of());
    kubectl.assertRevokedTokenIsReplacedOnKubectlsRetry(config);
    assertThat(javaRan()).isTrue();
    String refreshed = lastBearer();

    ok(kubectl.run(config, "get", "--raw", "/api"));

    assertThat(javaRan()).isFalse();
    assertThat(lastBearer()).isEqualTo(refreshed);
    assertThat(idp.takeTokenRequests()).isEqualTo(2); // the login, then one refresh
  }

  @Test
  void afterCleanOrADeletedCacheDirectory_javaLogsInAgain() throws Exception {
    Path config = kubeconfig("kubelogin", Map.of());
    ok(kubectl.run(config, "get", "--raw", "/api"));
    assertThat(javaRan()).isTrue();

    assertThat(launch("/bin/sh", List.of("clean"), Map.of()).exit).isZero();
    ok(kubectl.run(config, "get", "--raw", "/api"));
    assertThat(javaRan()).as("after clean").isTrue();

    deleteTree(home.resolve(".kube/cache/oidc-login"));
    ok(kubectl.run(config, "get", "--raw", "/api"));
    assertThat(javaRan()).as("after deleting the cache directory").isTrue();
    assertThat(idp.takeTokenRequests()).isEqualTo(3);
  }

  @Test
  void anotherExecApiVersionOrCacheDirectory_isNotServedTheOldResponse() throws Exception {
    ok(kubectl.run(kubeconfig("kubelogin", Map.of()), "get", "--raw", "/api"));
    ok(kubectl.run(kubeconfig("kubelogin", Map.of()), "get", "--raw", "/api"));
    assertThat(javaRan()).isTrue();

    // the same token cache, but KUBERNETES_EXEC_INFO asks for v1beta1: Java serves the cache hit
    Path v1beta1 = kubeconfig("client.authentication.k8s.io/v1beta1", "kubelogin", Map.of());
    ok(kubectl.run(v1beta1, "get", "--raw", "/api"));
    assertThat(javaRan()).as("another exec API version").isTrue();
    ok(kubectl.run(v1beta1, "get", "--raw", "/api"));
    assertThat(javaRan()).as("which has its own response").isFalse();
    assertThat(idp.takeTokenRequests()).isEqualTo(1);

    Path elsewhere = home.resolve("elsewhere");
    ok(
        kubectl.run(
            kubeconfig("kubelogin", Map.of("KUBECACHEDIR", elsewhere.toString())),
            "get",
            "--raw",
            "/api"));
    assertThat(javaRan()).as("another KUBECACHEDIR").isTrue();
    assertThat(idp.takeTokenRequests()).isEqualTo(1); // a login into the other cache
    assertThat(elsewhere.resolve("oidc-login")).isDirectory();
  }

  // The launcher run directly, as kubectl would run it, from the test JVM (not a kubectl parent).

  private static final List<String> AWKWARD =
      List.of(
          "get-token",
          "--oidc-issuer-url=https://issuer.example",
          "--oidc-client-id=kubernetes",
          "--oidc-client-secret=it's \"$HOME\" \\n `id` *\nnext line é",
          "--oidc-extra-scope=a b*");

  record Launch(int exit, String stdout, String stderr, boolean java) {}

  private Launch launch(String shell, List<String> args, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>(List.of(shell, dist("bin/kubelogin")));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().put("HOME", home.toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("KUBELOGIN_STARTUP_CACHE", "off");
    pb.environment().putAll(logJava());
    pb.environment().putAll(env);
    pb.environment().values().removeIf(v -> v.equals("<unset>"));
    pb.redirectOutput(home.resolve("out").toFile()).redirectError(home.resolve("err").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Launch(
        p.exitValue(),
        Files.readString(home.resolve("out")),
        Files.readString(home.resolve("err")),
        javaRan());
  }

  private static String dist(String path) {
    return KubectlRunner.DIST.resolve(path).toString();
  }

  private Map<String, String> awkwardEnvironment() {
    return Map.of(
        "KUBERNETES_EXEC_INFO", V1_INFO,
        "AZURE_CLIENT_ID", "a b\n$c\\ 'q' \"",
        "AZURE_TENANT_ID", "",
        "LC_ALL", "C.UTF-8"); // Java reads arguments in the locale's encoding
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bin/sh", "/bin/bash"})
  void awkwardArgumentsAndEnvironment_theLaunchersKeyIsJavas(String shell) throws Exception {
    cacheToken();
    Launch first = launch(shell, AWKWARD, awkwardEnvironment());
    assertThat(first.exit).as(first.stderr).isZero();
    assertThat(first.java).isTrue();

    Launch second = launch(shell, AWKWARD, awkwardEnvironment());

    assertThat(second.java).as("served by the launcher").isFalse();
    assertThat(second.exit).isZero();
    assertThat(second.stdout).isEqualTo(first.stdout);
    assertThat(second.stderr).isEmpty();

    // a variable in the key, set but empty, now unset: another key, so Java again
    Map<String, String> unset = new HashMap<>(awkwardEnvironment());
    unset.put("AZURE_TENANT_ID", "<unset>");
    Launch third = launch(shell, AWKWARD, unset);
    assertThat(third.java).isTrue();
    assertThat(third.stdout).isEqualTo(first.stdout);
  }

  /** A token where get-token with {@link #AWKWARD} finds it, valid until 2099. */
  private void cacheToken() {
    GetTokenTest.cache(
        home,
        AWKWARD.subList(1, AWKWARD.size()),
        GetTokenTest.jwt(Instant.parse("2099-01-01T00:00:00Z")));
  }

  /** The one file in {@code dir} whose name ends with {@code suffix}. */
  private static Path only(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
      assertThat(found).hasSize(1);
      return found.get(0);
    }
  }

  private Launch hit() throws Exception {
    return launch("/bin/sh", AWKWARD, awkwardEnvironment());
  }

  @Test
  void expiredTouchedOrLinkedResponses_areNotServed() throws Exception {
    cacheToken();
    assertThat(hit().java).isTrue();
    assertThat(hit().java).isFalse();
    Path response = only(home.resolve(".kube/cache/oidc-login"), ".response");
    List<String> lines = Files.readAllLines(response, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(8);
    assertThat(lines.get(0)).isEqualTo(PreparedResponse.FORMAT);
    assertThat(lines.get(7)).doesNotContain("\n").startsWith("{\"kind\":\"ExecCredential\"");
    assertThat(Files.getPosixFilePermissions(response))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    // served until a second that has passed
    FileTime written = Files.getLastModifiedTime(response);
    lines.set(2, Long.toString(Instant.now().getEpochSecond() - 1));
    Files.write(response, lines, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(response, written);
    assertThat(hit().java).as("expired").isTrue();
    assertThat(hit().java).as("Java wrote it again").isFalse();

    // a token file newer than the response: another process stored a token
    Path tokens = Path.of(lines.get(3));
    Files.setLastModifiedTime(
        tokens, FileTime.from(Files.getLastModifiedTime(response).toInstant().plusSeconds(5)));
    assertThat(hit().java).as("token file changed").isTrue();
    assertThat(hit().java).isFalse();

    // the key file replaced by a link
    Path keyFile = only(home.resolve(".cache/kubelogin/responses"), lines.get(1));
    Path target = home.resolve("key-target");
    Files.move(keyFile, target);
    Files.createSymbolicLink(keyFile, target);
    assertThat(hit().java).as("linked key file").isTrue();
  }

  @Test
  void switchedOffOrWithoutExecInfo_javaEveryTimeAndNothingKept() throws Exception {
    cacheToken();
    Map<String, String> off = new HashMap<>(awkwardEnvironment());
    off.put("KUBELOGIN_PREPARED_RESPONSE", "off");
    Map<String, String> noInfo = new HashMap<>(awkwardEnvironment());
    noInfo.remove("KUBERNETES_EXEC_INFO");

    for (Map<String, String> env : List.of(off, off, noInfo, noInfo)) {
      Launch run = launch("/bin/sh", AWKWARD, env);
      assertThat(run.exit).as(run.stderr).isZero();
      assertThat(run.java).isTrue();
    }
    assertThat(home.resolve(".cache/kubelogin/responses")).doesNotExist();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(f);
      }
    }
  }
}
