package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import java.util.Map;
import java.util.Set;

/**
 * spn, workloadidentity and azurepipelines: a confidential client (secret, certificate or client
 * assertion) acquiring with client credentials. msal4j serves a fresh cached token itself; the
 * cache file keeps it across processes. The login sequence holds a cross-process lock around each
 * acquisition and reads the file again once it has it, so processes started together (ten kubectls)
 * make one token request: the others find its token in the file.
 */
final class ConfidentialClientLogin implements Login {
  private final AzureOptions options;
  private final ConfidentialClientApplication app;
  private final Map<String, String> extraParameters;

  ConfidentialClientLogin(
      AzureOptions options,
      ConfidentialClientApplication app,
      Map<String, String> extraParameters) {
    this.options = options;
    this.app = app;
    this.extraParameters = extraParameters;
  }

  @Override
  public Result acquire(boolean forceRefresh) throws Exception {
    ClientCredentialParameters.ClientCredentialParametersBuilder p =
        ClientCredentialParameters.builder(Set.of(options.scope()))
            .tenant(options.tenantId().orElseThrow())
            .skipCache(forceRefresh);
    if (!extraParameters.isEmpty()) {
      p.extraQueryParameters(extraParameters);
    }
    return Login.result(Login.await(options, app.acquireToken(p.build())));
  }
}
