package dev.kubelogin.core.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.internal.Json;
import dev.kubelogin.core.testsupport.RealKubectl;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every fixture under {@code kubeconfig-conformance/}, the merged model must equal what the
 * real {@code kubectl config view --raw -o json} prints for the same {@code KUBECONFIG}, and a file
 * kubectl rejects must be rejected with kubectl's message.
 */
class KubeconfigConformanceTest {

  @TempDir Path home;

  static Stream<String> cases() throws IOException, URISyntaxException {
    Path root = root();
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .collect(Collectors.toList())
          .stream();
    }
  }

  private static Path root() throws URISyntaxException {
    return Path.of(KubeconfigConformanceTest.class.getResource("/kubeconfig-conformance").toURI());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void load_fixture_matchesKubectlConfigView(String name) throws Exception {
    Path dir = root().resolve(name);
    String chain = Files.readString(dir.resolve("chain")).strip().lines().findFirst().orElseThrow();
    List<String> absolute = new ArrayList<>();
    for (String part : chain.split(":", -1)) {
      absolute.add(part.isEmpty() ? "" : dir.resolve(part).toString());
    }
    String kubeconfigEnv = String.join(File.pathSeparator, absolute);

    Kubectl kubectl = runKubectl(dir, kubeconfigEnv);
    KubeconfigLoader loader =
        KubeconfigLoader.builder().kubeconfigEnv(kubeconfigEnv).homeDirectory(home).build();

    if (kubectl.exitCode != 0) {
      String expected = kubectl.stderr.strip();
      assertThat(expected).startsWith("error: ");
      expected = expected.substring("error: ".length());
      int secrets = expected.indexOf(": [{");
      if (secrets >= 0) {
        // kubectl prints the whole list here, tokens included; we name the lines instead.
        expected = expected.substring(0, secrets);
      }
      int yaml = expected.indexOf(": yaml: line ");
      String prefix = yaml >= 0 ? expected.substring(0, yaml + ": yaml: line ".length()) : expected;
      assertThatThrownBy(loader::load)
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith(prefix)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-a"));
      return;
    }
    Kubeconfig ours;
    try {
      ours = loader.load();
    } catch (InvalidConfigurationException e) {
      fail("kubectl loads this, we failed: " + e.getMessage());
      return;
    }
    JsonElement theirs = normalize(JsonParser.parseString(kubectl.stdout));
    JsonElement mine = normalize(Json.toJson(ours.toPlain(false)));
    assertThat(mine.toString()).isEqualTo(theirs.toString());
    assertThat(mine).isEqualTo(theirs);
  }

  @Test
  void load_kubeconfigOfMoreThan3MiB_matchesKubectlConfigView() throws Exception {
    // snakeyaml-engine refuses documents over 3 MiB by default; kubectl reads them.
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
    String ca = "QUJD".repeat(500);
    for (int i = 0; i < 1600; i++) {
      yaml.append("- name: c").append(i).append("\n  cluster:\n    server: https://c").append(i);
      yaml.append(".example:443\n    certificate-authority-data: ").append(ca).append('\n');
    }
    Path file = home.resolve("big");
    Files.writeString(file, yaml);
    assertThat(Files.size(file)).isGreaterThan(3L * 1024 * 1024);

    Kubectl kubectl = runKubectl(home, file.toString());
    Kubeconfig ours =
        KubeconfigLoader.builder()
            .kubeconfigEnv(file.toString())
            .homeDirectory(home)
            .build()
            .load();

    assertThat(kubectl.exitCode).as(kubectl.stderr).isZero();
    assertThat(ours.clusters()).hasSize(1600);
    assertThat(normalize(Json.toJson(ours.toPlain(false))))
        .isEqualTo(normalize(JsonParser.parseString(kubectl.stdout)));
  }

  /** Drops what Go writes for zero values (null, false, "", {}, []) so both sides compare. */
  static JsonElement normalize(JsonElement e) {
    if (e.isJsonObject()) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
        JsonElement v = normalize(en.getValue());
        if (!isZero(v)) {
          out.add(en.getKey(), v);
        }
      }
      return sorted(out);
    }
    if (e.isJsonArray()) {
      JsonArray out = new JsonArray();
      e.getAsJsonArray().forEach(x -> out.add(normalize(x)));
      return out;
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      // 1e3 and 1000 are the same JSON number.
      double d = e.getAsDouble();
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? new com.google.gson.JsonPrimitive((long) d)
          : new com.google.gson.JsonPrimitive(d);
    }
    return e;
  }

  private static JsonObject sorted(JsonObject o) {
    JsonObject out = new JsonObject();
    o.keySet().stream().sorted().forEach(k -> out.add(k, o.get(k)));
    return out;
  }

  private static boolean isZero(JsonElement v) {
    if (v.isJsonNull()) {
      return true;
    }
    if (v.isJsonObject()) {
      return v.getAsJsonObject().size() == 0;
    }
    if (v.isJsonArray()) {
      return v.getAsJsonArray().isEmpty();
    }
    var p = v.getAsJsonPrimitive();
    return p.isBoolean() && !p.getAsBoolean() || p.isString() && p.getAsString().isEmpty();
  }

  private record Kubectl(int exitCode, String stdout, String stderr) {}

  private Kubectl runKubectl(Path dir, String kubeconfigEnv) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(RealKubectl.path(), "config", "view", "--raw", "-o", "json")
            .directory(dir.toFile());
    pb.environment().put("KUBECONFIG", kubeconfigEnv);
    pb.environment().put("HOME", home.toString());
    Path out = home.resolve("kubectl.out");
    Path err = home.resolve("kubectl.err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("kubectl did not finish");
    }
    return new Kubectl(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
