package dev.kubelogin.core.exec;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The cluster facts a client passes to an exec plugin in {@code spec.cluster} of {@code
 * KUBERNETES_EXEC_INFO} when the kubeconfig says {@code provideClusterInfo: true}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExecCluster {
  private final String server;
  private final String tlsServerName;
  private final boolean insecureSkipTlsVerify;
  private final byte[] certificateAuthorityData;
  private final String proxyUrl;
  private final boolean disableCompression;
  private final String configJson;

  private ExecCluster(Builder b) {
    this.server = b.server;
    this.tlsServerName = b.tlsServerName;
    this.insecureSkipTlsVerify = b.insecureSkipTlsVerify;
    this.certificateAuthorityData =
        b.certificateAuthorityData == null ? null : b.certificateAuthorityData.clone();
    this.proxyUrl = b.proxyUrl;
    this.disableCompression = b.disableCompression;
    this.configJson = b.configJson;
  }

  /** Returns a builder for a cluster with the given server URL. */
  public static Builder builder(String server) {
    return new Builder(server);
  }

  /** The API server URL. */
  public String server() {
    return server;
  }

  /** The name used for SNI and certificate verification, if set. */
  public Optional<String> tlsServerName() {
    return Optional.ofNullable(tlsServerName);
  }

  /** Whether TLS verification is off. */
  public boolean insecureSkipTlsVerify() {
    return insecureSkipTlsVerify;
  }

  /** The PEM bytes of the CA bundle (inlined from a file when the kubeconfig named one). */
  public Optional<byte[]> certificateAuthorityData() {
    return Optional.ofNullable(certificateAuthorityData).map(byte[]::clone);
  }

  /** The proxy URL for the server, if any. */
  public Optional<String> proxyUrl() {
    return Optional.ofNullable(proxyUrl);
  }

  /** Whether response compression is disabled. */
  public boolean disableCompression() {
    return disableCompression;
  }

  /**
   * The JSON of the cluster's {@code client.authentication.k8s.io/exec} extension, if it has one.
   */
  public Optional<String> configJson() {
    return Optional.ofNullable(configJson);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ExecCluster)) {
      return false;
    }
    ExecCluster c = (ExecCluster) o;
    return server.equals(c.server)
        && Objects.equals(tlsServerName, c.tlsServerName)
        && insecureSkipTlsVerify == c.insecureSkipTlsVerify
        && Arrays.equals(certificateAuthorityData, c.certificateAuthorityData)
        && Objects.equals(proxyUrl, c.proxyUrl)
        && disableCompression == c.disableCompression
        && Objects.equals(configJson, c.configJson);
  }

  @Override
  public int hashCode() {
    return Objects.hash(server, tlsServerName, proxyUrl, configJson);
  }

  @Override
  public String toString() {
    return "ExecCluster{server=" + server + "}";
  }

  /** Builds an {@link ExecCluster}. Not thread-safe. */
  public static final class Builder {
    private final String server;
    private String tlsServerName;
    private boolean insecureSkipTlsVerify;
    private byte[] certificateAuthorityData;
    private String proxyUrl;
    private boolean disableCompression;
    private String configJson;

    private Builder(String server) {
      this.server = Objects.requireNonNull(server, "server");
    }

    /** Sets the TLS server name; {@code null} or empty for none. */
    public Builder tlsServerName(String name) {
      this.tlsServerName = emptyToNull(name);
      return this;
    }

    /** Turns TLS verification off. */
    public Builder insecureSkipTlsVerify(boolean insecure) {
      this.insecureSkipTlsVerify = insecure;
      return this;
    }

    /** Sets the CA bundle PEM bytes; {@code null} or empty for none. */
    public Builder certificateAuthorityData(byte[] pem) {
      this.certificateAuthorityData = pem == null || pem.length == 0 ? null : pem.clone();
      return this;
    }

    /** Sets the proxy URL; {@code null} or empty for none. */
    public Builder proxyUrl(String url) {
      this.proxyUrl = emptyToNull(url);
      return this;
    }

    /** Sets whether compression is disabled. */
    public Builder disableCompression(boolean disable) {
      this.disableCompression = disable;
      return this;
    }

    /** Sets the exec extension's JSON; {@code null} for none. */
    public Builder configJson(String json) {
      this.configJson = json;
      return this;
    }

    /** Returns the cluster. */
    public ExecCluster build() {
      return new ExecCluster(this);
    }

    private static String emptyToNull(String s) {
      return s == null || s.isEmpty() ? null : s;
    }
  }
}
