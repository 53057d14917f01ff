package dev.kubelogin.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.flags.GoFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureOptionsTest {
  private static AzureOptions parse(Map<String, String> env, String... args) {
    return AzureOptions.parse(List.of(args), env);
  }

  @Test
  void defaults_matchTheGoTool() {
    AzureOptions o = parse(Map.of(), "--server-id", "s");
    assertThat(o.login()).isEqualTo(LoginMode.DEVICE_CODE);
    assertThat(o.environment()).isEqualTo("AzurePublicCloud");
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.scope()).isEqualTo("s/.default");
    assertThat(o.cacheDirectory(Map.of(), Path.of("/h")))
        .isEqualTo(Path.of("/h/.kube/cache/kubelogin"));
    assertThat(o.cacheDirectory(Map.of("KUBECACHEDIR", "/k"), Path.of("/h")))
        .isEqualTo(Path.of("/k"));
  }

  @Test
  void pflagForms_shortFlagsEqualsAndBooleans() {
    AzureOptions o =
        parse(
            Map.of(),
            "-l=spn",
            "-tT",
            "-e",
            "AzureChinaCloud",
            "--server-id=s/",
            "--pop-enabled=true",
            "--pop-claims",
            "u=x",
            "-v",
            "5",
            "--logtostderr",
            "--timeout",
            "1m30s",
            "--token-cache-dir",
            "/c");
    assertThat(o.login()).isEqualTo(LoginMode.SERVICE_PRINCIPAL);
    assertThat(o.tenantId()).contains("T");
    assertThat(o.cloud()).isEqualTo(AzureCloud.CHINA);
    assertThat(o.scope()).isEqualTo("s/.default");
    assertThat(o.popEnabled()).isTrue();
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(o.cacheDir()).contains("/c");
  }

  @Test
  void environment_replacesFlags_azureAfterAad() {
    AzureOptions o =
        parse(
            Map.of(
                "AAD_SERVICE_PRINCIPAL_CLIENT_ID",
                "aad",
                "AZURE_CLIENT_ID",
                "azure",
                "AZURE_TENANT_ID",
                "envtenant",
                "AAD_LOGIN_METHOD",
                "spn",
                "AZURE_CLI_TIMEOUT",
                "5s"),
            "--server-id",
            "s",
            "--client-id",
            "flag",
            "-t",
            "flagtenant",
            "-l",
            "devicecode");
    assertThat(o.clientId()).contains("azure");
    assertThat(o.tenantId()).contains("envtenant");
    assertThat(o.login()).isEqualTo(LoginMode.SERVICE_PRINCIPAL);
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void armVariables_onlyWithTheFlag_andNothingWithOverrideDisabled() {
    Map<String, String> env = Map.of("ARM_CLIENT_ID", "arm", "AZURE_CLIENT_ID", "azure");
    assertThat(parse(env, "--server-id", "s", "--use-azurerm-env-vars").clientId()).contains("arm");
    assertThat(parse(env, "--server-id", "s").clientId()).contains("azure");
    assertThat(
            parse(env, "--server-id", "s", "--client-id", "f", "--disable-environment-override")
                .clientId())
        .contains("f");
  }

  @Test
  void workloadIdentityAndPipelines_specialRules() {
    Map<String, String> env =
        Map.of(
            "AZURE_FEDERATED_TOKEN_FILE",
            "/var/run/t",
            "AZURE_AUTHORITY_HOST",
            "https://login.example/",
            "AZURESUBSCRIPTION_CLIENT_ID",
            "pc",
            "AZURESUBSCRIPTION_TENANT_ID",
            "pt",
            "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
            "sc");
    AzureOptions wi = parse(env, "--server-id", "s", "-l", "workloadidentity");
    assertThat(wi.federatedTokenFile()).contains("/var/run/t");
    assertThat(wi.cloud().authorityHost().toString()).isEqualTo("https://login.example/");
    assertThat(parse(env, "--server-id", "s").federatedTokenFile()).isEmpty();

    AzureOptions p = parse(env, "--server-id", "s", "-l", "azurepipelines", "--client-id", "flag");
    assertThat(p.clientId()).contains("flag"); // flags win in this mode
    assertThat(p.tenantId()).contains("pt");
    assertThat(p.azurePipelinesServiceConnectionId()).contains("sc");
  }

  @Test
  void invalidInput_clearErrors() {
    assertThatThrownBy(() -> parse(Map.of(), "--server-id", "s", "--bogus"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("unknown flag: --bogus");
    assertThatThrownBy(() -> parse(Map.of(), "--server-id"))
        .hasMessageContaining("flag needs an argument");
    assertThatThrownBy(() -> parse(Map.of(), "-l", "magic"))
        .hasMessageContaining("not a supported login method");
    assertThatThrownBy(() -> parse(Map.of(), "--timeout", "soon"))
        .hasMessageContaining("not a Go duration");
    assertThatThrownBy(() -> parse(Map.of(), "--timeout", "0s"))
        .hasMessageContaining("timeout must be greater than 0");
    assertThatThrownBy(() -> parse(Map.of(), "--authority-host", "https://login.example"))
        .hasMessageContaining("trailing slash");
    assertThatThrownBy(() -> parse(Map.of(), "--pop-enabled")).hasMessageContaining("pop-claims");
    assertThatThrownBy(() -> parse(Map.of(), "positional"))
        .hasMessageContaining("unexpected argument");
    assertThatThrownBy(() -> parse(Map.of()).serverId())
        .hasMessageContaining("server-id is required");
    assertThatThrownBy(() -> parse(Map.of(), "-e", "AzureStackCloud", "--server-id", "s").cloud())
        .hasMessageContaining("unknown --environment");
  }

  @Test
  void toString_hidesSecrets() {
    AzureOptions o =
        parse(
            Map.of("AZURE_PASSWORD", "pw-value"),
            "--server-id",
            "s",
            "--client-secret",
            "secret-value");
    assertThat(o.toString())
        .doesNotContain("secret-value", "pw-value")
        .contains("client-secret=***");
    assertThat(o.commandLine("kubelogin")).doesNotContain("secret-value", "pw-value");
  }

  @Test
  void builder_sameMeaningAsFlags() {
    AzureOptions built =
        AzureOptions.builder(LoginMode.SERVICE_PRINCIPAL, "s")
            .clientId("c")
            .tenantId("t")
            .clientSecret("x")
            .cloud(AzureCloud.US_GOVERNMENT)
            .timeout(Duration.ofSeconds(5))
            .build();
    assertThat(built.cloud()).isEqualTo(AzureCloud.US_GOVERNMENT);
    assertThat(built.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(built.clientId()).contains("c");
    assertThat(GoFlags.parseDuration("1.5h")).contains(Duration.ofMinutes(90));
    assertThat(GoFlags.parseDuration("300ms")).contains(Duration.ofMillis(300));
    assertThat(GoFlags.parseDuration("5")).isEmpty();
  }
}
