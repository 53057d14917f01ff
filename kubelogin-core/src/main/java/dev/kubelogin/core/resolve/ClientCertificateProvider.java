package dev.kubelogin.core.resolve;

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
}
