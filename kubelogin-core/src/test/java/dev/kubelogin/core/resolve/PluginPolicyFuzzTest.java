package dev.kubelogin.core.resolve;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kubelogin.core.InvalidConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Kuberc bytes from anywhere: reading them gives a policy or an {@link
 * InvalidConfigurationException}, and checking a command against that policy allows it or refuses
 * it with one; nothing else, no hang. The build replays the seeds in {@code src/test/resources};
 * {@code fuzz/run.sh} fuzzes.
 */
class PluginPolicyFuzzTest {
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("kuberc-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Timeout(10) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void kuberc_anyBytes_policyOrClearError(byte[] data) throws IOException {
    Path file = DIR.resolve("kuberc");
    Files.write(file, data);
    PluginPolicy policy;
    try {
      policy = PluginPolicy.fromKuberc(Map.of("KUBERC", file.toString(), "PATH", "/usr/bin:/bin"));
    } catch (InvalidConfigurationException e) {
      return;
    }
    for (String command : new String[] {"sh", "/bin/sh", "./x/../kubelogin", ""}) {
      try {
        policy.check(command, Map.of("PATH", "/usr/bin:/bin"));
      } catch (InvalidConfigurationException e) {
        // refused with a reason
      }
    }
  }
}
