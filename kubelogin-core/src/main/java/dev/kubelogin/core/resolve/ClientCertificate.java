package dev.kubelogin.core.resolve;

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
}
