package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * spn, workloadidentity and azurepipelines: a confidential client (secret, certificate or client
 * assertion) acquiring with client credentials. msal4j serves a fresh cached token itself; the
 * cache file keeps it across processes. Acquisitions hold a cross-process lock and look at the file
 * again once they have it ({@code cached}, unless forced), so processes started together (ten
 * kubectls) make one token request: the others find its token in the file.
 */
final class ConfidentialClientLogin implements Login {
  private final AzureOptions options;
  private final ConfidentialClientApplication app;
  private final Path lockFile;
  private final Supplier<Optional<Result>> cached;
  private final Map<String, String> extraParameters;

  ConfidentialClientLogin(
      AzureOptions options,
      ConfidentialClientApplication app,
      Path lockFile,
      Supplier<Optional<Result>> cached,
      Map<String, String> extraParameters) {
    this.options = options;
    this.app = app;
    this.lockFile = lockFile;
    this.cached = cached;
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
    return Login.locked(
        options,
        lockFile,
        "this client",
        () -> {
          Optional<Result> done = forceRefresh ? Optional.empty() : cached.get();
          if (done.isPresent()) {
            return done.get(); // another process got it while we waited
          }
          return Login.result(Login.await(options, app.acquireToken(p.build())));
        });
  }
}
