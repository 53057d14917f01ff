package dev.kubelogin.azure;

import static dev.kubelogin.testing.FakeEntra.SERVER_ID;
import static dev.kubelogin.testing.FakeEntra.SPN_CLIENT;
import static dev.kubelogin.testing.FakeEntra.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.CredentialUnavailableException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.testing.FakeEntraExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** CI federated logins: GitHub Actions (workloadidentity) and Azure Pipelines. */
class ClientAssertionsTest {
  @TempDir Path cache;
  @RegisterExtension final FakeEntraExtension entra = FakeEntraExtension.create();

  private AzureTokenProvider provider(Map<String, String> env, String... args) {
    List<String> all =
        new java.util.ArrayList<>(
            List.of("--server-id", SERVER_ID, "--cache-dir", cache.toString()));
    all.addAll(List.of(args));
    return AzureTokenProvider.builder(AzureOptions.parse(all, env))
        .routeRequests(entra.get()::redirect)
        .environment(env)
        .build();
  }

  @Test
  void workloadIdentity_onGitHubActions_usesTheActionsOidcToken() {
    Map<String, String> env =
        Map.of(
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            entra.get().authorityHost() + "gh/token?api-version=2.0",
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
            "gh-request-token",
            "AZURE_CLIENT_ID",
            SPN_CLIENT,
            "AZURE_TENANT_ID",
            TENANT);
    assertThat(provider(env, "-l", "workloadidentity").token().value()).startsWith("app-at-");
    assertThat(entra.get().tokenRequests().get(0))
        .containsEntry("client_assertion", "gh-assertion");
  }

  @Test
  void azurePipelines_usesTheServiceConnectionsOidcToken() {
    Map<String, String> env =
        Map.of(
            "SYSTEM_OIDCREQUESTURI",
            entra.get().authorityHost() + "pipelines/oidc",
            "SYSTEM_ACCESSTOKEN",
            "pipelines-access",
            "AZURESUBSCRIPTION_CLIENT_ID",
            SPN_CLIENT,
            "AZURESUBSCRIPTION_TENANT_ID",
            TENANT,
            "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
            "sc-1");
    assertThat(provider(env, "-l", "azurepipelines").token().value()).startsWith("app-at-");
    assertThat(entra.get().tokenRequests().get(0))
        .containsEntry("client_assertion", "pipelines-assertion");
  }

  @Test
  void azurePipelines_rejectedAccessToken_isAClearError() {
    Map<String, String> env =
        Map.of(
            "SYSTEM_OIDCREQUESTURI",
            entra.get().authorityHost() + "pipelines/oidc",
            "SYSTEM_ACCESSTOKEN",
            "expired",
            "AZURESUBSCRIPTION_CLIENT_ID",
            SPN_CLIENT,
            "AZURESUBSCRIPTION_TENANT_ID",
            TENANT,
            "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
            "sc-1");
    assertThatThrownBy(() -> provider(env, "-l", "azurepipelines").token())
        .isInstanceOf(CredentialUnavailableException.class)
        .hasMessageContaining("Azure Pipelines OIDC endpoint answered HTTP 401")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("expired"));
  }

  @Test
  void azurePipelines_withoutSystemAccessToken_saysWhatToMap() {
    Map<String, String> env =
        Map.of(
            "SYSTEM_OIDCREQUESTURI",
            entra.get().authorityHost() + "pipelines/oidc",
            "AZURESUBSCRIPTION_CLIENT_ID",
            SPN_CLIENT,
            "AZURESUBSCRIPTION_TENANT_ID",
            TENANT,
            "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
            "sc-1");
    assertThatThrownBy(() -> provider(env, "-l", "azurepipelines"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("SYSTEM_ACCESSTOKEN");
  }
}
