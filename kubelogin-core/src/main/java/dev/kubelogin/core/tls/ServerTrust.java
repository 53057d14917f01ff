package dev.kubelogin.core.tls;

import java.net.IDN;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust managers for the client side of TLS that decide the server's host name themselves, as
 * client-go does for {@code insecure-skip-tls-verify} and {@code tls-server-name}: an {@link
 * X509ExtendedTrustManager} is where the JDK checks the host name, and these replace that check.
 * Clients that use them must turn their own hostname verification off.
 *
 * <p>Stateless and thread-safe; the managers returned are immutable. Client certificates are never
 * trusted by them.
 */
public final class ServerTrust {
  private ServerTrust() {}

  /**
   * Trusts any server certificate for any host: {@code insecure-skip-tls-verify}, and int128's
   * {@code --insecure-skip-tls-verify} towards the identity provider.
   */
  public static X509ExtendedTrustManager any() {
    return new Base() {
      @Override
      public void checkServerTrusted(X509Certificate[] certs, String authType) {}
    };
  }

  /**
   * Checks the chain with {@code chain} and then that the server's certificate is valid for {@code
   * serverName} (RFC 6125: DNS names with a leading wildcard label, or an IP address), whatever
   * host the client connected to: {@code tls-server-name}.
   */
  public static X509ExtendedTrustManager named(X509ExtendedTrustManager chain, String serverName) {
    return new ServerNameTrust(chain, serverName);
  }

  /**
   * Server-side trust in one method: the socket and engine variants defer to {@link
   * #checkServerTrusted(X509Certificate[], String)}, which thereby also decides the host name;
   * client certificates are never trusted.
   */
  private abstract static class Base extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(certs, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(certs, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType)
        throws CertificateException {
      throw new CertificateException("not a server trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(certs, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(certs, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** Checks the chain with the CA trust and the name against {@code tls-server-name}. */
  private static final class ServerNameTrust extends Base {
    private final X509ExtendedTrustManager chain;
    private final String serverName;

    ServerNameTrust(X509ExtendedTrustManager chain, String serverName) {
      this.chain = chain;
      this.serverName = serverName;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType)
        throws CertificateException {
      chain.checkServerTrusted(certs, authType);
      if (!matches(certs[0], serverName)) {
        throw new CertificateException(
            "the server's certificate is not valid for tls-server-name " + serverName);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return chain.getAcceptedIssuers();
    }
  }

  /** RFC 6125 matching of {@code name} against the certificate's subject alternative names. */
  static boolean matches(X509Certificate cert, String name) throws CertificateParsingException {
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    if (sans == null) {
      return false;
    }
    boolean ip = isIpLiteral(name);
    String host = ip ? name : IDN.toASCII(name).toLowerCase(Locale.ROOT);
    for (List<?> san : sans) {
      int type = (Integer) san.get(0);
      String value = String.valueOf(san.get(1));
      if (ip && type == 7 && sameAddress(value, host)) {
        return true;
      }
      if (!ip && type == 2 && dnsMatches(value.toLowerCase(Locale.ROOT), host)) {
        return true;
      }
    }
    return false;
  }

  private static boolean dnsMatches(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }
    return pattern.equals(host);
  }

  private static boolean isIpLiteral(String name) {
    return name.contains(":") || name.matches("[0-9.]+");
  }

  private static boolean sameAddress(String a, String b) {
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
