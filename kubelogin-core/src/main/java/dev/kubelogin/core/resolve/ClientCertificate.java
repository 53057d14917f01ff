package dev.kubelogin.core.resolve;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.kubeconfig.AuthInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * A client certificate chain and its private key, both PEM. Immutable and thread-safe; {@link
 * #toString()} never shows the key.
 */
public final class ClientCertificate {
  private final byte[] certificatePem;
  private final byte[] keyPem;

  /**
   * @param certificatePem the certificate (chain) PEM
   * @param keyPem the private key PEM
   */
  public ClientCertificate(byte[] certificatePem, byte[] keyPem) {
    this.certificatePem = certificatePem.clone();
    this.keyPem = keyPem.clone();
  }

  /** The certificate (chain) PEM. */
  public byte[] certificatePem() {
    return certificatePem.clone();
  }

  /** The private key PEM. Treat as a secret. */
  public byte[] keyPem() {
    return keyPem.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientCertificate
        && Arrays.equals(certificatePem, ((ClientCertificate) o).certificatePem)
        && Arrays.equals(keyPem, ((ClientCertificate) o).keyPem);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(certificatePem);
  }

  @Override
  public String toString() {
    return "ClientCertificate{key=<redacted>}";
  }

  /**
   * The static client certificate of a user stanza (data, else files), or null when it has none.
   *
   * @throws InvalidConfigurationException when a file cannot be read or only one of certificate and
   *     key is given
   */
  static ClientCertificateProvider fromStanza(String userName, AuthInfo user) {
    byte[] cert = user.clientCertificateData().orElse(null);
    byte[] key = user.clientKeyData().orElse(null);
    try {
      if (cert == null && user.clientCertificatePath().isPresent()) {
        cert = Files.readAllBytes(user.clientCertificatePath().get());
      }
      if (key == null && user.clientKeyPath().isPresent()) {
        key = Files.readAllBytes(user.clientKeyPath().get());
      }
    } catch (IOException e) {
      throw new InvalidConfigurationException(
          "user \"" + userName + "\": cannot read client certificate or key: " + e, e);
    }
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      throw new InvalidConfigurationException(
          "user \""
              + userName
              + "\": client-cert-data and client-key-data must be specified together");
    }
    ClientCertificate c = new ClientCertificate(cert, key);
    return () -> c;
  }
}
