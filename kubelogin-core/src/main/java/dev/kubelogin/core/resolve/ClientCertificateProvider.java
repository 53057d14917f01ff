package dev.kubelogin.core.resolve;

import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A source of the client certificate to present in the TLS handshake; it may change over time (exec
 * plugins return fresh ones). Thread-safe.
 */
@FunctionalInterface
public interface ClientCertificateProvider {
  /**
   * Returns the current certificate and key.
   *
   * @throws dev.kubelogin.core.KubeloginException if it cannot be obtained
   */
  ClientCertificate certificate();

  /**
   * A key manager that presents this provider's current certificate and key at each handshake,
   * parsing each distinct certificate once.
   */
  default X509ExtendedKeyManager keyManager() {
    return ClusterTls.keyManager(this);
  }
}
