package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentityId;
import com.microsoft.aad.msal4j.ManagedIdentityParameters;
import com.microsoft.aad.msal4j.MsalException;
import dev.kubelogin.core.CredentialUnavailableException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;

/**
 * msi: the managed identity of the machine, system-assigned or user-assigned by {@code --client-id}
 * (else {@code --identity-resource-id}). msal4j finds the endpoint (IMDS, App Service, Arc, Cloud
 * Shell, Service Fabric) from the process environment and keeps tokens in its process-wide cache;
 * nothing is written to disk.
 */
final class ManagedIdentityLogin implements Login {
  private final AzureOptions options;
  private final ManagedIdentityApplication app;

  ManagedIdentityLogin(AzureOptions options, IHttpClient http) {
    this.options = options;
    ManagedIdentityId id =
        options
            .clientId()
            .map(ManagedIdentityId::userAssignedClientId)
            .or(() -> options.identityResourceId().map(ManagedIdentityId::userAssignedResourceId))
            .orElseGet(ManagedIdentityId::systemAssigned);
    this.app = ManagedIdentityApplication.builder(id).httpClient(http).logPii(false).build();
  }

  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof HttpConnectTimeoutException
          || (t instanceof MsalException
              && "managed_identity_unreachable_network".equals(((MsalException) t).errorCode()))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Result acquire(boolean forceRefresh) throws Exception {
    String resource = options.scope();
    resource = resource.substring(0, resource.length() - "/.default".length());
    try {
      return Login.result(
          Login.await(
              options,
              app.acquireTokenForManagedIdentity(
                  ManagedIdentityParameters.builder(resource).forceRefresh(forceRefresh).build())));
    } catch (Exception e) {
      if (unreachable(e)) {
        throw new CredentialUnavailableException(
            "msi login failed: no managed identity endpoint answered ("
                + ManagedIdentityApplication.getManagedIdentitySource()
                + "); msi works only on an Azure VM, App Service, AKS node or pod, Arc server or"
                + " Cloud Shell with a managed identity",
            e);
      }
      throw e;
    }
  }
}
