package dev.kubelogin.testing;

import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ServerSocketFactory;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * An OpenID provider on 127.0.0.1 for tests and demos: <a
 * href="https://github.com/navikt/mock-oauth2-server">mock-oauth2-server</a> (a real implementation
 * of the authorization code with PKCE, password, client credentials and refresh grants) with the
 * claims a Kubernetes API server expects.
 *
 * <ul>
 *   <li>Issuer {@link #issuerUrl()}; ID and access tokens have the client id as audience.
 *   <li>The subject is the user name for the password grant, the client id for client credentials,
 *       and {@link Builder#defaultUser} for browser logins (which it approves without a form).
 *       {@code groups} holds the groups given to {@link Builder#user}. Passwords and client secrets
 *       are not checked: it is a test server.
 *   <li>{@link #kubeApiServerIssuer(String)} is the matching configuration for {@link
 *       FakeKubeApiServer}.
 *   <li>{@link #stop()} and {@link #restart()} take it down and bring it back on the same port with
 *       the same signing key, as an identity provider's restart does.
 * </ul>
 *
 * <p>Thread-safe; close it after use.
 */
public final class TestIdentityProvider implements AutoCloseable {
  /** The path segment of the issuer. */
  public static final String ISSUER_ID = "kubelogin";

  private final OAuth2TokenProvider keys = new OAuth2TokenProvider();
  private final Callback callback;
  private final Object lock = new Object();
  private final String defaultUser;
  private final HeldCertificate certificate;
  private MockOAuth2Server server;
  private int port;

  private TestIdentityProvider(Builder b) {
    this.callback = new Callback(b);
    this.defaultUser = b.defaultUser;
    this.certificate = b.https ? LoopbackCertificates.create("test-identity-provider") : null;
    this.port = b.port;
    restart();
  }

  /** A provider with the defaults of {@link Builder}, started. */
  public static TestIdentityProvider start() {
    return builder().start();
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The issuer URL, {@code http://127.0.0.1:<port>/kubelogin}, or {@code https://...} when {@link
   * Builder#https() built with HTTPS}.
   */
  public String issuerUrl() {
    return (certificate != null ? "https" : "http") + "://127.0.0.1:" + port + "/" + ISSUER_ID;
  }

  /**
   * The PEM of the provider's self-signed certificate: the {@code certificateAuthority} of an
   * {@link AuthenticationConfiguration}, or what a client trusts.
   *
   * @throws IllegalStateException if the provider serves plain HTTP
   */
  public String certificateAuthorityPem() {
    if (certificate == null) {
      throw new IllegalStateException("the provider serves plain HTTP; build it with https()");
    }
    return certificate.certificatePem();
  }

  /**
   * An {@code AuthenticationConfiguration} (YAML, {@code apiserver.config.k8s.io/v1}) that trusts
   * this provider as {@link #kubeApiServerIssuer} does: audience {@code clientId}, username the
   * plain subject, groups from {@code groups}, and this provider's certificate authority. Requires
   * {@link Builder#https()}: kube-apiserver accepts only HTTPS issuers in a configuration file.
   *
   * @throws IllegalStateException if the provider serves plain HTTP
   */
  public String authenticationConfiguration(String clientId) {
    String ca = certificateAuthorityPem().strip().replace("\n", "\n      ");
    return "apiVersion: apiserver.config.k8s.io/v1\n"
        + "kind: AuthenticationConfiguration\n"
        + "jwt:\n"
        + "- issuer:\n"
        + "    url: "
        + issuerUrl()
        + "\n    audiences:\n    - "
        + clientId
        + "\n    certificateAuthority: |\n      "
        + ca
        + "\n  claimMappings:\n"
        + "    username:\n      claim: sub\n      prefix: \"\"\n"
        + "    groups:\n      claim: groups\n      prefix: \"\"\n";
  }

  /** Who logs in through the browser ({@link Builder#defaultUser}). */
  public String defaultUser() {
    return defaultUser;
  }

  /**
   * How {@link FakeKubeApiServer} trusts this provider, the way {@code --oidc-issuer-url}, {@code
   * --oidc-client-id=clientId}, {@code --oidc-username-claim=sub}, {@code --oidc-username-prefix=-}
   * and {@code --oidc-groups-claim=groups} configure kube-apiserver (and {@code --oidc-ca-file}
   * with this provider's certificate when it serves HTTPS): users are known by their plain subject
   * ({@code alice}, or a service's client id).
   */
  public JwtIssuerConfig kubeApiServerIssuer(String clientId) {
    return JwtIssuerConfig.builder(issuerUrl(), clientId)
        .usernameClaim("sub")
        .usernamePrefix("-")
        .groupsClaim("groups")
        .certificateAuthority(certificate == null ? null : certificate.certificatePem())
        .build();
  }

  /** Takes the provider down; requests fail to connect until {@link #restart()}. */
  public void stop() {
    synchronized (lock) {
      if (server != null) {
        server.shutdown();
        server = null;
      }
    }
  }

  /** Starts the provider again on the same port with the same signing key; no-op when running. */
  public void restart() {
    synchronized (lock) {
      if (server != null) {
        return;
      }
      MockWebServerWrapper http = new MockWebServerWrapper();
      http.getMockWebServer().setServerSocketFactory(new ReusableAddress());
      if (certificate != null) {
        http.getMockWebServer()
            .useHttps(
                new HandshakeCertificates.Builder()
                    .heldCertificate(certificate)
                    .build()
                    .sslSocketFactory(),
                false);
      }
      MockOAuth2Server s =
          new MockOAuth2Server(
              new OAuth2Config(false, null, null, false, keys, Set.of(callback), http));
      try {
        s.start(InetAddress.getByName("127.0.0.1"), port);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the identity provider", e);
      }
      port = s.baseUrl().port();
      server = s;
    }
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "TestIdentityProvider{" + issuerUrl() + "}";
  }

  /** Builds and starts a {@link TestIdentityProvider}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, List<String>> groups = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> claims = new LinkedHashMap<>();
    private String defaultUser = "alice";
    private Duration tokenLifetime = Duration.ofHours(1);
    private boolean https;
    private int port;

    private Builder() {}

    /** Gives {@code user} these groups (the {@code groups} claim). */
    public Builder user(String user, List<String> groups) {
      this.groups.put(Objects.requireNonNull(user), List.copyOf(groups));
      return this;
    }

    /**
     * Adds claims to {@code user}'s tokens (for example {@code email} and {@code email_verified}),
     * beside {@code sub}, {@code aud}, {@code groups} and the standard ones. Values are strings,
     * numbers, booleans, lists or maps, as JSON has them.
     */
    public Builder claims(String user, Map<String, ?> claims) {
      this.claims
          .computeIfAbsent(Objects.requireNonNull(user), u -> new LinkedHashMap<>())
          .putAll(claims);
      return this;
    }

    /** Who logs in through the browser; {@code alice} by default. */
    public Builder defaultUser(String user) {
      this.defaultUser = Objects.requireNonNull(user);
      return this;
    }

    /** How long tokens are valid; an hour by default. */
    public Builder tokenLifetime(Duration lifetime) {
      this.tokenLifetime = Objects.requireNonNull(lifetime);
      return this;
    }

    /** A fixed port; a free one by default. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Serves HTTPS with a self-signed certificate for 127.0.0.1 ({@link
     * TestIdentityProvider#certificateAuthorityPem()}), as an {@link AuthenticationConfiguration}
     * requires of issuers.
     */
    public Builder https() {
      this.https = true;
      return this;
    }

    /**
     * Starts the provider.
     *
     * @throws java.io.UncheckedIOException if it cannot listen
     */
    public TestIdentityProvider start() {
      return new TestIdentityProvider(this);
    }
  }

  /**
   * Listening sockets that may bind a port whose previous connections linger in TIME_WAIT, so that
   * {@link #restart()} gets the same port back. MockWebServer turns address reuse off.
   */
  private static final class ReusableAddress extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new ServerSocket() {
        @Override
        public void setReuseAddress(boolean on) throws SocketException {
          super.setReuseAddress(true);
        }
      };
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      throw new UnsupportedOperationException();
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      throw new UnsupportedOperationException();
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
        throws IOException {
      throw new UnsupportedOperationException();
    }
  }

  /** The claims: subject by grant, audience = client id, groups by user. */
  private static final class Callback implements OAuth2TokenCallback {
    private final Map<String, List<String>> groups;
    private final Map<String, Map<String, Object>> claims;
    private final String defaultUser;
    private final long lifetimeSeconds;

    Callback(Builder b) {
      this.groups = Map.copyOf(b.groups);
      Map<String, Map<String, Object>> c = new LinkedHashMap<>();
      b.claims.forEach((user, map) -> c.put(user, new LinkedHashMap<>(map)));
      this.claims = c;
      this.defaultUser = b.defaultUser;
      this.lifetimeSeconds = b.tokenLifetime.toSeconds();
    }

    @Override
    public String issuerId() {
      return ISSUER_ID;
    }

    @Override
    public String subject(TokenRequest request) {
      AuthorizationGrant grant = request.getAuthorizationGrant();
      if (grant instanceof ResourceOwnerPasswordCredentialsGrant) {
        return ((ResourceOwnerPasswordCredentialsGrant) grant).getUsername();
      }
      if (grant.getType().getValue().equals("client_credentials")) {
        return clientId(request);
      }
      return defaultUser;
    }

    @Override
    public String typeHeader(TokenRequest request) {
      return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
      return List.of(clientId(request));
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
      String subject = subject(request);
      Map<String, Object> added = new LinkedHashMap<>();
      added.put("groups", groups.getOrDefault(subject, List.of()));
      added.putAll(claims.getOrDefault(subject, Map.of()));
      return added;
    }

    @Override
    public long tokenExpiry() {
      return lifetimeSeconds;
    }

    private static String clientId(TokenRequest request) {
      ClientID id =
          request.getClientAuthentication() != null
              ? request.getClientAuthentication().getClientID()
              : request.getClientID();
      return id == null ? "unknown" : id.getValue();
    }
  }
}
