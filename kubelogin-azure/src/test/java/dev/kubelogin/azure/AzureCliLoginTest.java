package dev.kubelogin.azure;

import static dev.kubelogin.testing.FakeEntra.PASSWORD;
import static dev.kubelogin.testing.FakeEntra.SERVER_ID;
import static dev.kubelogin.testing.FakeEntra.TENANT;
import static dev.kubelogin.testing.FakeEntra.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.testing.FakeEntraExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AzureCliLoginTest {
  @TempDir Path home;
  @RegisterExtension final FakeEntraExtension entra = FakeEntraExtension.create();
  Path azureDir;
  final List<List<String>> ran = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    azureDir = home.resolve(".azure");
    Files.createDirectories(azureDir);
  }

  /** Logs in as the Azure CLI would, leaving its MSAL cache and profile in {@code ~/.azure}. */
  private void azLogin(String userType) throws Exception {
    AzureTokenProvider.builder(
            AzureOptions.parse(
                List.of(
                    "-l",
                    "ropc",
                    "--server-id",
                    SERVER_ID,
                    "--client-id",
                    AzureCliLogin.AZURE_CLI_CLIENT_ID,
                    "-t",
                    TENANT,
                    "--username",
                    USER,
                    "--password",
                    PASSWORD,
                    "--cache-dir",
                    azureDir.toString()),
                Map.of()))
        .routeRequests(entra.get()::redirect)
        .environment(Map.of())
        .build()
        .token();
    Files.move(azureDir.resolve(MsalCacheFile.TOKENS), azureDir.resolve("msal_token_cache.json"));
    Files.writeString(
        azureDir.resolve("azureProfile.json"),
        "\uFEFF{\"installationId\": \"x\", \"subscriptions\": [{\"id\": \"sub-1\", \"name\": \"One\","
            + " \"state\": \"Enabled\", \"tenantId\": \""
            + TENANT
            + "\", \"user\": {\"name\": \""
            + USER
            + "\", \"type\": \""
            + userType
            + "\"}, \"isDefault\": true, \"environmentName\": \"AzureCloud\","
            + " \"homeTenantId\": \""
            + TENANT
            + "\"}]}");
    entra.get().clearRequests();
  }

  private AzureTokenProvider azurecli(Commands.Output output, String... flags) {
    List<String> args = new ArrayList<>(List.of("-l", "azurecli", "--server-id", SERVER_ID));
    args.addAll(List.of(flags));
    return AzureTokenProvider.builder(AzureOptions.parse(args, Map.of()))
        .routeRequests(entra.get()::redirect)
        .environment(Map.of("HOME", home.toString()))
        .commands(
            (argv, env, timeout) -> {
              ran.add(argv);
              return output;
            })
        .build();
  }

  @Test
  void userLogin_servedFromTheCliCacheInProcess_withoutRunningAz() throws Exception {
    azLogin("user");
    String token = azurecli(new Commands.Output(1, "", "must not run")).token().value();
    assertThat(token).startsWith("user-at-");
    assertThat(ran).isEmpty();
    assertThat(entra.get().tokenRequests()).isEmpty();
  }

  @Test
  void profileLargerThanTheCap_isLeftToAz() throws Exception {
    azLogin("user");
    MsalCacheReaderTest.padPastTheCap(azureDir.resolve("azureProfile.json"));
    String json =
        "{\"accessToken\": \"az-token\", \"expires_on\": 1900000000, \"tokenType\": \"Bearer\"}";

    assertThat(azurecli(new Commands.Output(0, json, "")).token().value()).isEqualTo("az-token");
    assertThat(ran).hasSize(1);
  }

  @Test
  void servicePrincipalLogin_runsAzWithAnArgumentList() throws Exception {
    azLogin("servicePrincipal");
    String json =
        "{\"accessToken\": \"az-token\", \"expires_on\": 1900000000, \"tokenType\": \"Bearer\"}";
    assertThat(
            azurecli(new Commands.Output(0, json, ""), "--tenant-id", "T2", "-s", "My Sub")
                .token()
                .value())
        .isEqualTo("az-token");
    assertThat(ran)
        .containsExactly(
            List.of(
                "az",
                "account",
                "get-access-token",
                "-o",
                "json",
                "--resource",
                SERVER_ID,
                "--tenant",
                "T2",
                "--subscription",
                "My Sub"));
  }

  @Test
  void noCliCache_runsAz_olderOutputWithLocalExpiresOn() {
    String json = "{\"accessToken\": \"az-token\", \"expiresOn\": \"2030-01-01 10:00:00.000000\"}";
    assertThat(azurecli(new Commands.Output(0, json, "")).token().expiresAt()).isPresent();
  }

  @Test
  void azNotLoggedIn_isLoginRequiredWithItsStderr() {
    assertThatThrownBy(
            () ->
                azurecli(
                        new Commands.Output(
                            1, "", "ERROR: Please run 'az login' to setup account."))
                    .token())
        .isInstanceOf(InteractionRequiredException.class)
        .hasMessageContaining("az login");
  }

  @Test
  void azFailure_orGarbage_isAClearError() {
    assertThatThrownBy(
            () -> azurecli(new Commands.Output(2, "", "ERROR: AADSTS50076: MFA required")).token())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("exit 2")
        .hasMessageContaining("AADSTS50076");
    assertThatThrownBy(() -> azurecli(new Commands.Output(0, "<html>", "")).token())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("printed no token");
  }

  @Test
  void azd_runsAzdAndParsesItsOutput() {
    AzureTokenProvider p =
        AzureTokenProvider.builder(
                AzureOptions.parse(
                    List.of("-l", "azd", "--server-id", SERVER_ID, "-t", "T"), Map.of()))
            .environment(Map.of())
            .commands(
                (argv, env, timeout) -> {
                  ran.add(argv);
                  return new Commands.Output(
                      0, "{\"token\":\"azd-token\",\"expiresOn\":\"2030-01-01T00:00:00Z\"}", "");
                })
            .build();
    assertThat(p.token().value()).isEqualTo("azd-token");
    assertThat(ran)
        .containsExactly(
            List.of(
                "azd",
                "auth",
                "token",
                "-o",
                "json",
                "--no-prompt",
                "--scope",
                SERVER_ID + "/.default",
                "--tenant-id",
                "T"));
  }

  @Test
  void systemCommands_missingProgram_isCredentialUnavailable() {
    assertThatThrownBy(
            () ->
                Commands.SYSTEM.run(
                    List.of("no-such-program-kubelogin"),
                    Map.of(),
                    java.time.Duration.ofSeconds(5)))
        .isInstanceOf(dev.kubelogin.core.CredentialUnavailableException.class)
        .hasMessageContaining("not installed");
  }

  @Test
  void tenantOrSubscriptionWithShellCharacters_refusedBeforeAnythingRuns() {
    for (String[] flags :
        List.of(
            new String[] {"--tenant-id", "t&calc"},
            new String[] {"-s", "sub|whoami"},
            new String[] {"--tenant-id", "t^x"})) {
      assertThatThrownBy(() -> azurecli(new Commands.Output(0, "{}", ""), flags).token())
          .isInstanceOf(dev.kubelogin.core.InvalidConfigurationException.class)
          .hasMessageContaining("it is passed to a command line");
    }
    assertThat(ran).isEmpty();
  }

  @Test
  void systemCommands_timeout_stopsTheCommandWithItsChildren() throws Exception {
    Path pidFile = home.resolve("child.pid");
    assertThatThrownBy(
            () ->
                Commands.SYSTEM.run(
                    List.of("sh", "-c", "sleep 300 & echo $! > '" + pidFile + "'; wait"),
                    Map.of(),
                    java.time.Duration.ofSeconds(2)))
        .isInstanceOf(dev.kubelogin.core.AuthenticationFailedException.class)
        .hasMessageContaining("did not finish within 2 s");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle.of(pid)
        .ifPresent(
            child -> {
              try {
                child.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new AssertionError("the command's child outlived it: " + e, e);
              }
            });
  }
}
