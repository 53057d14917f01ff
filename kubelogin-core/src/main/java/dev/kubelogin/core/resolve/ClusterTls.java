package dev.kubelogin.core.resolve;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.tls.Pem;
import dev.kubelogin.core.tls.ServerTrust;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS towards an API server the way client-go sets it up: the cluster's CA bundle (else the system
 * trust store), {@code tls-server-name} as the name the certificate must carry, {@code
 * insecure-skip-tls-verify} (with one warning per cluster), and a client certificate asked for at
 * each handshake, so certificates from exec plugins can rotate. The client adapters reach it
 * through {@link ClusterConnection#trustManager()}, {@link ClusterConnection#socketFactory} and
 * {@link ClientCertificateProvider#keyManager()}.
 */
final class ClusterTls {
  private static final Logger log = LoggerFactory.getLogger(ClusterTls.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private ClusterTls() {}

  /**
   * The trust manager for {@code cluster}. With a {@code tls-server-name} it checks that name
   * itself, whatever host the client connected to, so clients need no hostname verification of
   * their own ({@link #verifiesHostname}).
   *
   * @throws InvalidConfigurationException when the CA bundle holds no certificate
   */
  static X509ExtendedTrustManager trustManager(ClusterConnection cluster) {
    if (cluster.insecureSkipTlsVerify()) {
      if (WARNED.add(cluster.name())) {
        log.warn(
            "cluster \"{}\" sets insecure-skip-tls-verify: the API server's certificate is not"
                + " checked",
            cluster.name());
      }
      return ServerTrust.any();
    }
    X509ExtendedTrustManager chain = chainTrust(cluster);
    return cluster.tlsServerName().isPresent()
        ? ServerTrust.named(chain, cluster.tlsServerName().get())
        : chain;
  }

  /**
   * Whether {@link #trustManager} already decides the hostname question for {@code cluster}
   * (insecure, or a {@code tls-server-name}); a client's own hostname check must then be off.
   */
  static boolean verifiesHostname(ClusterConnection cluster) {
    return cluster.insecureSkipTlsVerify() || cluster.tlsServerName().isPresent();
  }

  /** A key manager that presents {@code certificate}'s current certificate and key. */
  static X509ExtendedKeyManager keyManager(ClientCertificateProvider certificate) {
    return new ProvidedKey(certificate);
  }

  /**
   * An SSL context with {@code trust} and, when given, {@link #keyManager} of {@code certificate}.
   */
  static SSLContext sslContext(
      X509ExtendedTrustManager trust, ClientCertificateProvider certificate) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          certificate == null ? null : new KeyManager[] {keyManager(certificate)},
          new TrustManager[] {trust},
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available in this JVM", e);
    }
  }

  /**
   * {@code context}'s socket factory, asking for {@code tls-server-name} in the handshake (SNI)
   * when the cluster sets one: a server that picks its certificate by name then shows the one
   * {@link #trustManager} checks. The JDK sends no SNI for an IP address otherwise.
   */
  static SSLSocketFactory socketFactory(SSLContext context, ClusterConnection cluster) {
    SSLSocketFactory plain = context.getSocketFactory();
    if (cluster.tlsServerName().isEmpty() || cluster.insecureSkipTlsVerify()) {
      return plain;
    }
    return new ServerNameSocketFactory(plain, cluster.tlsServerName().get());
  }

  /** Sets the SNI host name on every socket it makes. */
  private static final class ServerNameSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final List<SNIServerName> names;

    ServerNameSocketFactory(SSLSocketFactory delegate, String serverName) {
      this.delegate = delegate;
      this.names = List.of(new SNIHostName(serverName));
    }

    private Socket named(Socket socket) {
      if (socket instanceof SSLSocket) {
        SSLSocket ssl = (SSLSocket) socket;
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setServerNames(names);
        ssl.setSSLParameters(parameters);
      }
      return socket;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose)
        throws IOException {
      return named(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
      return named(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return named(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return named(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return named(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return named(delegate.createSocket(address, port, localAddress, localPort));
    }
  }

  private static X509ExtendedTrustManager chainTrust(ClusterConnection cluster) {
    try {
      KeyStore store = null;
      if (cluster.certificateAuthorityPem().isPresent()) {
        Collection<X509Certificate> cas =
            certificates(
                cluster.certificateAuthorityPem().get(),
                "cluster \"" + cluster.name() + "\": the certificate authority");
        store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate ca : cas) {
          store.setCertificateEntry("ca-" + i++, ca);
        }
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager) {
          return (X509ExtendedTrustManager) tm;
        }
      }
      throw new IllegalStateException("no X.509 trust manager in this JVM");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new InvalidConfigurationException(
          "cluster \"" + cluster.name() + "\": cannot use the certificate authority: " + e, e);
    }
  }

  private static List<X509Certificate> certificates(byte[] pem, String what) {
    try {
      List<X509Certificate> certs = Pem.certificates(pem);
      if (certs.isEmpty()) {
        throw new CertificateException("no certificate found");
      }
      return certs;
    } catch (CertificateException e) {
      throw new InvalidConfigurationException(
          what + " is not a PEM certificate bundle: " + e.getMessage(), e);
    }
  }

  /** Presents the provider's current certificate; parses each distinct one once. */
  private static final class ProvidedKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "kubeconfig-client";
    private final ClientCertificateProvider provider;
    private volatile Parsed parsed;

    ProvidedKey(ClientCertificateProvider provider) {
      this.provider = provider;
    }

    private Parsed current() {
      ClientCertificate c = provider.certificate();
      Parsed p = parsed;
      if (p != null && p.source.equals(c)) {
        return p;
      }
      try {
        X509Certificate[] chain =
            certificates(c.certificatePem(), "the client certificate")
                .toArray(new X509Certificate[0]);
        PrivateKey key =
            Pem.privateKey(new String(c.keyPem(), StandardCharsets.US_ASCII))
                .orElseThrow(() -> new GeneralSecurityException("no private key in the PEM"));
        p = new Parsed(c, chain, key);
      } catch (GeneralSecurityException e) {
        throw new InvalidConfigurationException(
            "the client key cannot be read: " + e.getMessage(), e);
      }
      parsed = p;
      return p;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine e) {
      return ALIAS;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? current().chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? current().key : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[0];
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    private static final class Parsed {
      final ClientCertificate source;
      final X509Certificate[] chain;
      final PrivateKey key;

      Parsed(ClientCertificate source, X509Certificate[] chain, PrivateKey key) {
        this.source = source;
        this.chain = chain;
        this.key = key;
      }
    }
  }
}
