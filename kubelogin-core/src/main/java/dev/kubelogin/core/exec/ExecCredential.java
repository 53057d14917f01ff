package dev.kubelogin.core.exec;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code status} of an {@code ExecCredential}: what an exec plugin returns to the client.
 *
 * <p>It holds a bearer token, a client certificate and key (PEM text), or both, and an optional
 * expiry. Immutable and thread-safe; {@link #toString()} shows neither the token nor the key.
 *
 * @see ExecCredentialCodec
 */
public final class ExecCredential {
  private final String apiVersion;
  private final String token;
  private final String clientCertificateData;
  private final String clientKeyData;
  private final Instant expirationTimestamp;

  private ExecCredential(Builder b) {
    this.apiVersion = b.apiVersion;
    this.token = b.token;
    this.clientCertificateData = b.clientCertificateData;
    this.clientKeyData = b.clientKeyData;
    this.expirationTimestamp = b.expirationTimestamp;
  }

  /**
   * Returns a builder for a credential of the given API version.
   *
   * @param apiVersion one of {@link ExecCredentialCodec#V1}, {@link ExecCredentialCodec#V1BETA1} or
   *     {@link ExecCredentialCodec#V1ALPHA1}
   */
  public static Builder builder(String apiVersion) {
    return new Builder(apiVersion);
  }

  /** The API version, e.g. {@code client.authentication.k8s.io/v1}. */
  public String apiVersion() {
    return apiVersion;
  }

  /** The bearer token, if any. Treat it as a secret. */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  /** The client certificate PEM, if any. */
  public Optional<String> clientCertificateData() {
    return Optional.ofNullable(clientCertificateData);
  }

  /** The client key PEM, if any. Treat it as a secret. */
  public Optional<String> clientKeyData() {
    return Optional.ofNullable(clientKeyData);
  }

  /** When the credential expires; empty means valid until the server rejects it. */
  public Optional<Instant> expirationTimestamp() {
    return Optional.ofNullable(expirationTimestamp);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ExecCredential)) {
      return false;
    }
    ExecCredential c = (ExecCredential) o;
    return apiVersion.equals(c.apiVersion)
        && Objects.equals(token, c.token)
        && Objects.equals(clientCertificateData, c.clientCertificateData)
        && Objects.equals(clientKeyData, c.clientKeyData)
        && Objects.equals(expirationTimestamp, c.expirationTimestamp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        apiVersion, token, clientCertificateData, clientKeyData, expirationTimestamp);
  }

  @Override
  public String toString() {
    return "ExecCredential{apiVersion="
        + apiVersion
        + ", token="
        + (token == null ? "none" : "<redacted>")
        + ", clientCertificate="
        + (clientCertificateData == null ? "none" : "present")
        + ", expirationTimestamp="
        + expirationTimestamp
        + "}";
  }

  /** Builds an {@link ExecCredential}. Not thread-safe. */
  public static final class Builder {
    private final String apiVersion;
    private String token;
    private String clientCertificateData;
    private String clientKeyData;
    private Instant expirationTimestamp;

    private Builder(String apiVersion) {
      this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
    }

    /** Sets the bearer token; {@code null} or empty for none. */
    public Builder token(String token) {
      this.token = token == null || token.isEmpty() ? null : token;
      return this;
    }

    /** Sets the client certificate and key PEM text; {@code null} for none. */
    public Builder clientCertificate(String certificatePem, String keyPem) {
      this.clientCertificateData =
          certificatePem == null || certificatePem.isEmpty() ? null : certificatePem;
      this.clientKeyData = keyPem == null || keyPem.isEmpty() ? null : keyPem;
      return this;
    }

    /** Sets the expiry; {@code null} for none. */
    public Builder expirationTimestamp(Instant at) {
      this.expirationTimestamp = at;
      return this;
    }

    /** Returns the credential. */
    public ExecCredential build() {
      return new ExecCredential(this);
    }
  }
}
