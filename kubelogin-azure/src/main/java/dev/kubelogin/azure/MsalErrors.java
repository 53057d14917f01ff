package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalServiceException;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.KubeloginException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns msal4j's failures into this library's exceptions, keeping AADSTS codes and text. */
final class MsalErrors {
  private MsalErrors() {}

  static KubeloginException map(Throwable t, LoginMode mode) {
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof KubeloginException) {
        return (KubeloginException) c; // ours, raised inside an msal4j callback
      }
    }
    String prefix = mode.flagValue() + " login failed: ";
    if (t instanceof MsalServiceException) {
      MsalServiceException e = (MsalServiceException) t;
      String code = e.errorCode();
      boolean rejected = "invalid_grant".equals(code) || "invalid_client".equals(code);
      String status =
          e.statusCode() == null || e.statusCode() == 0 ? "" : " (HTTP " + e.statusCode() + ")";
      return new AuthenticationFailedException(
          prefix + code + status + ": " + e.getMessage(), e, rejected);
    }
    if (t instanceof MsalClientException) {
      MsalClientException e = (MsalClientException) t;
      return new AuthenticationFailedException(prefix + e.errorCode() + ": " + e.getMessage(), e);
    }
    if (t instanceof CancellationException) {
      return new AuthenticationFailedException(prefix + "cancelled", t);
    }
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new AuthenticationFailedException(prefix + "interrupted", t);
    }
    return new AuthenticationFailedException(prefix + t, t);
  }
}
