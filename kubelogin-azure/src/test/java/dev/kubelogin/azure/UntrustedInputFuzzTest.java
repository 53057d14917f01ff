package dev.kubelogin.azure;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kubelogin.core.InvalidConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What reaches the Azure side from outside: the MSAL cache file (ours, or one another program
 * wrote) and the get-token and convert-kubeconfig flags with their environment variables. Each ends
 * in a value or in our exception taxonomy.
 */
class UntrustedInputFuzzTest {
  private static final Path DIR;
  private static final AzureOptions SPN =
      AzureOptions.parse(
          List.of(
              "-l",
              "spn",
              "--server-id",
              "s",
              "--client-id",
              "c",
              "-t",
              "t",
              "--client-secret",
              "x"),
          Map.of());

  static {
    try {
      DIR = Files.createTempDirectory("azure-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void msalCacheFile_anyContent_foundOrNot(byte[] data) throws IOException {
    Path file = DIR.resolve(MsalCacheFile.TOKENS);
    Files.write(file, data);

    MsalCacheReader.find(file, SPN, Instant.parse("2026-01-01T00:00:00Z"));
  }

  @FuzzTest(maxDuration = "10s")
  void flags_anyArgumentsAndEnvironment_optionsOrInvalidConfiguration(FuzzedDataProvider data) {
    Map<String, String> env = new HashMap<>();
    for (String name :
        List.of("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_AUTHORITY_HOST", "KUBECONFIG")) {
      if (data.consumeBoolean()) {
        env.put(name, data.consumeString(40));
      }
    }
    List<String> args = new ArrayList<>();
    while (data.remainingBytes() > 0 && args.size() < 20) {
      args.add(data.consumeString(60));
    }
    try {
      AzureOptions.parse(args, env).validated();
    } catch (InvalidConfigurationException e) {
      // the Go tool's message for a bad flag
    }
  }
}
