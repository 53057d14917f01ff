package dev.kubelogin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get-token -l azurecli} served from the Azure CLI's own MSAL cache, in a new JVM (msal4j
 * keeps what instance discovery found for the life of the JVM) on a machine that cannot reach Entra
 * ID: a cache hit asks nothing of the network and prints nothing on stderr.
 */
class AzureCliCacheHitTest {
  private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  private static final String SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
  private static final String HOME_ACCOUNT = "uid-1." + TENANT;

  @TempDir Path home;

  @Test
  void azurecliCacheHit_offline_tokenAndNothingOnStderr() throws Exception {
    Path azure = Files.createDirectories(home.resolve(".azure"));
    // As the Azure CLI (MSAL Python) writes them: entries under the host it logged in at.
    Map<String, Object> account = new LinkedHashMap<>();
    account.put("home_account_id", HOME_ACCOUNT);
    account.put("environment", "login.microsoftonline.com");
    account.put("realm", TENANT);
    account.put("local_account_id", "uid-1");
    account.put("username", "alice@example.com");
    account.put("authority_type", "MSSTS");
    Map<String, Object> token = new LinkedHashMap<>();
    token.put("home_account_id", HOME_ACCOUNT);
    token.put("environment", "login.microsoftonline.com");
    token.put("credential_type", "AccessToken");
    token.put("client_id", "04b07795-8ddb-461a-bbee-02f9e1bf7b46");
    token.put("secret", "cli-cached-token");
    token.put("realm", TENANT);
    token.put("target", SERVER_ID + "/.default");
    token.put("cached_at", "1700000000");
    token.put("expires_on", "4070908800"); // 2099
    token.put("extended_expires_on", "4070908800");
    token.put("token_type", "Bearer");
    Files.writeString(
        azure.resolve("msal_token_cache.json"),
        new Gson()
            .toJson(
                Map.of(
                    "Account", Map.of("a", account),
                    "AccessToken", Map.of("t", token))));
    Files.writeString(
        azure.resolve("azureProfile.json"),
        "\uFEFF{\"subscriptions\": [{\"id\": \"sub-1\", \"name\": \"One\", \"tenantId\": \""
            + TENANT
            + "\", \"user\": {\"name\": \"alice@example.com\", \"type\": \"user\"},"
            + " \"isDefault\": true, \"environmentName\": \"AzureCloud\"}]}");

    CliRun run =
        CliRun.inNewJvm(
            home, List.of(), List.of("get-token", "--login", "azurecli", "--server-id", SERVER_ID));

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("\"token\":\"cli-cached-token\"");
    assertThat(run.stderr()).isEmpty();
  }
}
