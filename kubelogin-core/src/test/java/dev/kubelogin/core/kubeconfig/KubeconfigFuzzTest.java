package dev.kubelogin.core.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.internal.Json;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Kubeconfig bytes from anywhere. Loading (YAML or JSON, merged over a chain) and resolving every
 * context end in our exception taxonomy or a model, never in another exception, a hang or unbounded
 * memory; and what the writer writes reads back as the same model. The build replays the seeds in
 * {@code src/test/resources}; {@code fuzz/run.sh} fuzzes.
 */
class KubeconfigFuzzTest {
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("kubeconfig-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Kubeconfig load(byte[] data) throws IOException {
    Path first = DIR.resolve("config");
    Path second = DIR.resolve("second");
    Files.write(first, data);
    Files.writeString(
        second, "clusters: [{name: base, cluster: {server: 'https://127.0.0.1:1'}}]\n");
    return KubeconfigLoader.builder()
        .kubeconfigEnv(first + File.pathSeparator + second)
        .homeDirectory(DIR)
        .build()
        .load();
  }

  @Timeout(10) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void loadAndResolve_anyBytes_onlyOurExceptions(byte[] data) throws IOException {
    Kubeconfig config;
    try {
      config = load(data);
    } catch (KubeloginException e) {
      return;
    }
    KubeconfigResolver resolver =
        KubeconfigResolver.builder()
            .kubeconfig(config)
            .plugins(List.of())
            .environment(Map.of())
            .interactive(false)
            .build();
    for (String context : config.contexts().keySet()) {
      try {
        resolver.resolve(context); // builds providers; runs no plugin
      } catch (KubeloginException e) {
        // a clear refusal is fine
      }
    }
  }

  @Timeout(10) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void writeThenRead_anyLoadableKubeconfig_sameModel(byte[] data) throws IOException {
    Path file = DIR.resolve("written");
    Files.write(file, data);
    KubeconfigLoader loader = KubeconfigLoader.builder().explicitFile(file).build();
    Kubeconfig before;
    try {
      before = loader.load();
    } catch (KubeloginException e) {
      return;
    }
    loader.writer().edit(edits -> before.users().forEach(edits::setUser));
    Kubeconfig after = loader.load();
    // Compared as JSON, where 1e3 written as 1000 is the same number (as kubectl sees it).
    assertThat(Json.toJson(after.toPlain(false))).isEqualTo(Json.toJson(before.toPlain(false)));
  }
}
