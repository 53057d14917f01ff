package dev.kubelogin.azure;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Timeout;

/**
 * What reaches the Azure side from outside: the MSAL cache file (ours, or one another program
 * wrote), the Azure CLI's profile beside its cache, and the get-token and convert-kubeconfig flags
 * with their environment variables. Each ends in a value or in our exception taxonomy.
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

  @Timeout(10) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void msalCacheFile_anyContent_foundOrNot(byte[] data) throws IOException {
    Path file = DIR.resolve(MsalCacheFile.TOKENS);
    Files.write(file, data);

    MsalCacheReader.find(file, SPN, Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A cache as the Azure CLI leaves it: one user, one access token for the server id "s". */
  private static final String CLI_CACHE =
      "{\"Account\":{\"u.t-login.microsoftonline.com-t\":{\"home_account_id\":\"u.t\","
          + "\"environment\":\"login.microsoftonline.com\",\"realm\":\"t\","
          + "\"local_account_id\":\"u\",\"username\":\"alice@example.com\","
          + "\"authority_type\":\"MSSTS\"}},\"AccessToken\":{\"u.t-login.microsoftonline.com-"
          + "accesstoken-04b07795-8ddb-461a-bbee-02f9e1bf7b46-t-s/.default\":{\"home_account_id\":"
          + "\"u.t\",\"environment\":\"login.microsoftonline.com\",\"credential_type\":"
          + "\"AccessToken\",\"client_id\":\"04b07795-8ddb-461a-bbee-02f9e1bf7b46\","
          + "\"secret\":\"cached-token\",\"realm\":\"t\",\"target\":\"s/.default\","
          + "\"cached_at\":\"1700000000\",\"expires_on\":\"4102444800\","
          + "\"extended_expires_on\":\"4102444800\"}}}";

  @Timeout(10) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void azureCliProfile_anyContent_cachedTokenOrNothing(byte[] data) throws IOException {
    Path config = DIR.resolve("azure-cli");
    Files.createDirectories(config);
    Files.writeString(config.resolve("msal_token_cache.json"), CLI_CACHE);
    Files.write(config.resolve("azureProfile.json"), data);
    AzureCliLogin login =
        new AzureCliLogin(
            AzureOptions.parse(List.of("-l", "azurecli", "--server-id", "s"), Map.of()),
            Map.of("AZURE_CONFIG_DIR", config.toString()),
            DIR,
            request -> {
              throw new IOException("no network while fuzzing");
            },
            null);

    login
        .fromCliCache()
        .ifPresent(
            r -> {
              assertThat(r.accessToken).isEqualTo("cached-token");
              System.err.println("FUZZ-HIT");
            });
  }

  @Timeout(10) // seconds per input, in the normal build and while fuzzing
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
