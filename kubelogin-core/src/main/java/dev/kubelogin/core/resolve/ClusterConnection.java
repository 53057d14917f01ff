package dev.kubelogin.core.resolve;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.kubeconfig.Cluster;
import dev.kubelogin.core.net.ProxyFromEnvironment;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How to reach the API server of a resolved context: server URL, trust, TLS name, proxy. Immutable
 * and thread-safe.
 */
public final class ClusterConnection {
  private final String name;
  private final String server;
  private final byte[] certificateAuthorityPem;
  private final String tlsServerName;
  private final boolean insecureSkipTlsVerify;
  private final String proxyUrl;
  private final boolean disableCompression;
  private final ProxySelector environmentProxies;

  ClusterConnection(
      String name,
      String server,
      byte[] certificateAuthorityPem,
      String tlsServerName,
      boolean insecureSkipTlsVerify,
      String proxyUrl,
      boolean disableCompression,
      ProxySelector environmentProxies) {
    this.name = Objects.requireNonNull(name);
    this.server = Objects.requireNonNull(server);
    this.certificateAuthorityPem = certificateAuthorityPem;
    this.tlsServerName = tlsServerName;
    this.insecureSkipTlsVerify = insecureSkipTlsVerify;
    this.proxyUrl = proxyUrl;
    this.disableCompression = disableCompression;
    this.environmentProxies = Objects.requireNonNull(environmentProxies);
  }

  /** The kubeconfig name of the cluster. */
  public String name() {
    return name;
  }

  /** The API server URL. */
  public String server() {
    return server;
  }

  /**
   * The CA bundle PEM to trust: {@code certificate-authority-data}, else the content of {@code
   * certificate-authority}; empty means the system trust store.
   */
  public Optional<byte[]> certificateAuthorityPem() {
    return Optional.ofNullable(certificateAuthorityPem).map(byte[]::clone);
  }

  /** The name to use for SNI and to verify the server certificate, when not the URL's host. */
  public Optional<String> tlsServerName() {
    return Optional.ofNullable(tlsServerName);
  }

  /** Whether server certificate verification is off. */
  public boolean insecureSkipTlsVerify() {
    return insecureSkipTlsVerify;
  }

  /** The proxy URL (http, https or socks5), if the kubeconfig sets one. */
  public Optional<String> proxyUrl() {
    return Optional.ofNullable(proxyUrl);
  }

  /**
   * The proxy to reach the server through when {@link #proxyUrl()} is empty, chosen as client-go
   * does: from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} of the resolver's
   * environment ({@link ProxyFromEnvironment}), else the JVM's proxy settings.
   */
  public ProxySelector environmentProxySelector() {
    return environmentProxies;
  }

  /** Whether response compression should be disabled. */
  public boolean disableCompression() {
    return disableCompression;
  }

  /**
   * The trust manager for this cluster, set up as client-go does: the CA bundle (else the system
   * trust store); with {@code tls-server-name}, a check of that name on the server's certificate
   * whatever host the client connected to; with {@code insecure-skip-tls-verify}, no check at all
   * (logged once per cluster name). When {@link #trustManagerChecksHostname()}, turn the client's
   * own hostname verification off.
   *
   * @throws dev.kubelogin.core.InvalidConfigurationException when the CA bundle holds no
   *     certificate or cannot be read
   */
  public X509ExtendedTrustManager trustManager() {
    return ClusterTls.trustManager(this);
  }

  /**
   * Whether {@link #trustManager()} decides the hostname question itself ({@code
   * insecure-skip-tls-verify}, or a {@code tls-server-name}); a client's own hostname check must
   * then be off, or it would check the URL's host instead.
   */
  public boolean trustManagerChecksHostname() {
    return ClusterTls.verifiesHostname(this);
  }

  /**
   * A socket factory for this cluster: {@code trust} (normally {@link #trustManager()}), the client
   * certificate of {@code certificate} asked for at each handshake (so rotating exec-plugin
   * certificates take effect), and {@code tls-server-name} sent as SNI.
   */
  public SSLSocketFactory socketFactory(
      X509ExtendedTrustManager trust, Optional<? extends ClientCertificateProvider> certificate) {
    return ClusterTls.socketFactory(ClusterTls.sslContext(trust, certificate.orElse(null)), this);
  }

  @Override
  public String toString() {
    return "ClusterConnection{name=" + name + ", server=" + server + "}";
  }

  /**
   * The connection a kubeconfig cluster stanza describes, checked as client-go checks it: a server
   * URL with scheme and host, a readable CA that is not combined with {@code
   * insecure-skip-tls-verify}, a proxy URL of a known scheme.
   *
   * @throws InvalidConfigurationException naming the cluster and what is wrong
   */
  static ClusterConnection of(String name, Cluster cluster, Map<String, String> environment) {
    String server = cluster.server();
    if (server.isEmpty()) {
      throw new InvalidConfigurationException("cluster \"" + name + "\" has no server defined");
    }
    try {
      URI uri = new URI(server);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new URISyntaxException(server, "missing scheme or host");
      }
    } catch (URISyntaxException e) {
      throw new InvalidConfigurationException(
          "cluster \"" + name + "\" has an invalid server URL: " + server);
    }
    byte[] ca = cluster.certificateAuthorityData().orElse(null);
    if (ca == null && cluster.certificateAuthorityPath().isPresent()) {
      Path file = cluster.certificateAuthorityPath().get();
      try {
        ca = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new InvalidConfigurationException(
            "cluster \"" + name + "\": cannot read certificate-authority " + file + ": " + e, e);
      }
    }
    if (ca != null && cluster.insecureSkipTlsVerify()) {
      throw new InvalidConfigurationException(
          "cluster \""
              + name
              + "\": specifying a root certificates file with the insecure flag is not allowed");
    }
    String proxy = cluster.proxyUrl().orElse(null);
    if (proxy != null) {
      String scheme = proxy.contains("://") ? proxy.substring(0, proxy.indexOf("://")) : "";
      if (!List.of("http", "https", "socks5").contains(scheme)) {
        throw new InvalidConfigurationException(
            "cluster \""
                + name
                + "\": proxy-url must be an http, https or socks5 URL, not \""
                + proxy
                + "\"");
      }
    }
    return new ClusterConnection(
        name,
        server,
        ca,
        cluster.tlsServerName().orElse(null),
        cluster.insecureSkipTlsVerify(),
        proxy,
        cluster.disableCompression(),
        ProxyFromEnvironment.of(environment));
  }
}
