package dev.kubelogin.oidc;

import dev.kubelogin.core.CredentialUnavailableException;
import dev.kubelogin.core.resolve.ClientCertificate;
import dev.kubelogin.core.resolve.ClientCertificateProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The certificate and key of {@code --client-cert} and {@code --client-key}, read at each call so
 * that files a certificate agent renews are picked up. Thread-safe.
 */
final class ClientCertificateFiles implements ClientCertificateProvider {
  private final Path certificate;
  private final Path key;

  ClientCertificateFiles(Path certificate, Path key) {
    this.certificate = certificate;
    this.key = key;
  }

  @Override
  public ClientCertificate certificate() {
    try {
      return new ClientCertificate(Files.readAllBytes(certificate), Files.readAllBytes(key));
    } catch (IOException e) {
      throw new CredentialUnavailableException(
          "get-token: cannot read --client-cert or --client-key: " + e, e);
    }
  }

  @Override
  public String toString() {
    return "ClientCertificateFiles{" + certificate + ", " + key + "}";
  }
}
