package dev.kubelogin.oidc;

import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.UrlEncodedContent;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.net.ProxyFromEnvironment;
import dev.kubelogin.core.resolve.ClientCertificateProvider;
import dev.kubelogin.core.tls.Pem;
import dev.kubelogin.core.tls.ServerTrust;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How this library talks to an identity provider: TLS trust (extra CA files and data, or
 * verification off), extra request headers, a proxy from the environment, and timeouts. Every
 * request asks for JSON ({@code Accept: application/json}; Keycloak answers HTML otherwise).
 *
 * <p>Immutable and thread-safe.
 */
public final class IdpTransport {
  private static final Logger LOG = LoggerFactory.getLogger(IdpTransport.class);

  private final HttpRequestFactory requests;
  private final Map<String, String> headers;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  private IdpTransport(Builder b) {
    this.headers = Map.copyOf(b.headers);
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    SSLContext ssl;
    try {
      TrustManager[] trust;
      if (b.insecureSkipTlsVerify) {
        LOG.warn(
            "TLS verification towards the identity provider is off (insecure-skip-tls-verify)");
        trust = new TrustManager[] {ServerTrust.any()};
      } else if (!b.caFiles.isEmpty() || !b.caData.isEmpty()) {
        trust = trustManagers(b.caFiles, b.caData);
      } else {
        trust = null;
      }
      KeyManager[] keys =
          b.clientCertificate == null ? null : new KeyManager[] {b.clientCertificate.keyManager()};
      if (trust == null && keys == null) {
        ssl = null;
      } else {
        ssl = SSLContext.getInstance("TLS");
        ssl.init(keys, trust, null);
      }
    } catch (GeneralSecurityException e) {
      throw new InvalidConfigurationException(
          "cannot set up TLS for the identity provider: " + e, e);
    }
    HttpTransport built = new JdkHttpTransport(ssl, b.proxies, connectTimeout);
    this.requests = built.createRequestFactory(this::initialize);
  }

  /** Returns a builder: system trust, no extra headers, 10 s connect and 30 s read timeouts. */
  public static Builder builder() {
    return new Builder();
  }

  private void initialize(HttpRequest request) {
    request.getHeaders().setAccept("application/json");
    headers.forEach((k, v) -> request.getHeaders().set(k, v));
    request.setConnectTimeout((int) connectTimeout.toMillis());
    request.setReadTimeout((int) readTimeout.toMillis());
    request.setThrowExceptionOnExecuteError(false);
    request.setFollowRedirects(false);
    // google-http-client logs requests and their bodies (client secrets, passwords, codes,
    // refresh tokens) to java.util.logging at CONFIG; never let it.
    request.setLoggingEnabled(false);
    request.setCurlLoggingEnabled(false);
    request.setContentLoggingLimit(0);
  }

  /** A response's status, content type, body and DPoP nonce. */
  static final class Response {
    final int status;
    final String contentType;
    final String body;
    final String dpopNonce;

    Response(int status, String contentType, String body) {
      this(status, contentType, body, null);
    }

    Response(int status, String contentType, String body, String dpopNonce) {
      this.status = status;
      this.contentType = contentType == null ? "" : contentType;
      this.body = body;
      this.dpopNonce = dpopNonce;
    }
  }

  Response get(String url) {
    try {
      return read(url, requests.buildGetRequest(new GenericUrl(url)).execute());
    } catch (IOException | IllegalArgumentException e) {
      throw failure("GET", url, e);
    }
  }

  Response postForm(String url, Map<String, String> form, String basicUser, String basicPassword) {
    return postForm(url, form, basicUser, basicPassword, Map.of());
  }

  /** As {@link #postForm(String, Map, String, String)}, with {@code extra} request headers. */
  Response postForm(
      String url,
      Map<String, String> form,
      String basicUser,
      String basicPassword,
      Map<String, String> extra) {
    try {
      HttpRequest request =
          requests.buildPostRequest(
              new GenericUrl(url), new UrlEncodedContent(new LinkedHashMap<>(form)));
      extra.forEach((k, v) -> request.getHeaders().set(k, v));
      if (basicUser != null) {
        request
            .getHeaders()
            .setBasicAuthentication(formEncode(basicUser), formEncode(basicPassword));
      }
      return read(url, request.execute());
    } catch (IOException | IllegalArgumentException e) {
      throw failure("POST", url, e);
    }
  }

  /** RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding. */
  private static String formEncode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Response read(String url, HttpResponse response) throws IOException {
    try {
      // JdkHttpTransport has read the whole body already, within its deadline and size cap.
      String body;
      try (InputStream in = response.getContent()) {
        body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new Response(
          response.getStatusCode(),
          response.getContentType(),
          body,
          response.getHeaders().getFirstHeaderStringValue("DPoP-Nonce"));
    } finally {
      response.disconnect();
    }
  }

  private static AuthenticationFailedException failure(String method, String url, Exception e) {
    String what =
        e instanceof SocketTimeoutException
            ? "timed out (" + e.getMessage() + ")"
            : e instanceof HttpResponseException ? e.getMessage() : e.toString();
    return new AuthenticationFailedException(
        method + " " + url + " failed: " + what + "; check the issuer URL and the network", e);
  }

  private static TrustManager[] trustManagers(List<Path> files, List<String> data)
      throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    // The system roots stay trusted, as Go's x509.SystemCertPool + AppendCertsFromPEM.
    TrustManagerFactory system =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    system.init((KeyStore) null);
    int n = 0;
    for (TrustManager tm : system.getTrustManagers()) {
      if (tm instanceof X509TrustManager) {
        for (X509Certificate c : ((X509TrustManager) tm).getAcceptedIssuers()) {
          ks.setCertificateEntry("system-" + n++, c);
        }
      }
    }
    for (Path f : files) {
      try {
        for (Certificate c : Pem.certificates(Files.readAllBytes(f))) {
          ks.setCertificateEntry("ca-" + n++, c);
        }
      } catch (IOException e) {
        throw new InvalidConfigurationException(
            "cannot read certificate authority " + f + ": " + e, e);
      }
    }
    for (String d : data) {
      byte[] pem;
      try {
        pem = Base64.getDecoder().decode(d.strip());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationException("certificate-authority-data is not valid base64");
      }
      for (Certificate c : Pem.certificates(pem)) {
        ks.setCertificateEntry("ca-" + n++, c);
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return tmf.getTrustManagers();
  }

  /** Builds an {@link IdpTransport}. Not thread-safe. */
  public static final class Builder {
    private final List<Path> caFiles = new ArrayList<>();
    private final List<String> caData = new ArrayList<>();
    private boolean insecureSkipTlsVerify;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private ProxySelector proxies = ProxyFromEnvironment.of(Map.of());
    private ClientCertificateProvider clientCertificate;

    private Builder() {}

    /**
     * Presents this certificate when the provider asks for one in the TLS handshake (RFC 8705
     * client authentication, certificate-bound tokens).
     */
    public Builder clientCertificate(ClientCertificateProvider certificate) {
      this.clientCertificate = Objects.requireNonNull(certificate, "certificate");
      return this;
    }

    /** Also trusts the CA certificates in these PEM files. */
    public Builder certificateAuthorityFiles(List<Path> files) {
      caFiles.addAll(files);
      return this;
    }

    /** Also trusts these base64-encoded PEM CA bundles. */
    public Builder certificateAuthorityData(List<String> data) {
      caData.addAll(data);
      return this;
    }

    /** Turns TLS verification off (logged once as a warning). */
    public Builder insecureSkipTlsVerify(boolean insecure) {
      this.insecureSkipTlsVerify = insecure;
      return this;
    }

    /** Adds headers to every request (int128's {@code --oidc-request-header}). */
    public Builder requestHeaders(Map<String, String> extra) {
      headers.putAll(Objects.requireNonNull(extra, "extra"));
      return this;
    }

    /** Sets the connect timeout; 10 s by default. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Sets the read timeout; 30 s by default. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Chooses each request's proxy from {@code environment} as Go's {@code
     * http.ProxyFromEnvironment} does ({@link ProxyFromEnvironment}): {@code HTTPS_PROXY}, {@code
     * HTTP_PROXY}, {@code NO_PROXY}; without those variables, the JVM's proxy settings (the
     * default).
     */
    public Builder proxyFromEnvironment(Map<String, String> environment) {
      this.proxies = ProxyFromEnvironment.of(environment);
      return this;
    }

    /**
     * Returns the transport.
     *
     * @throws InvalidConfigurationException if a CA file cannot be read or CA data is invalid
     */
    public IdpTransport build() {
      return new IdpTransport(this);
    }
  }
}
