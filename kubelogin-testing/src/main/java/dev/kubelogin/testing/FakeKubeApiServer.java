package dev.kubelogin.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A fake kube-apiserver for tests: HTTPS on 127.0.0.1 with a certificate generated at start,
 * authenticating bearer tokens the way kube-apiserver does.
 *
 * <ul>
 *   <li>JWTs of configured issuers are checked like kube-apiserver's JWT authenticator, set up from
 *       its {@code --oidc-*} flags ({@link JwtIssuerConfig}) or from a cluster's {@link
 *       AuthenticationConfiguration}: routing by {@code iss}, discovery and JWKS (fetched again on
 *       an unknown key), algorithm allowlist, audiences, {@code exp} without leeway, {@code nbf}
 *       with a minute, username, groups, uid and extra from claims with prefixes or from CEL,
 *       {@code email_verified}, required claims, claim and user validation rules.
 *   <li>Static tokens map to fixed users; a {@linkplain Builder#tokenWebhook token webhook} asks
 *       another party (kube-apiserver's webhook token authentication, how AKS's guard checked Entra
 *       ID tokens), for example {@link FakeEntra#review}; {@link #revoke(String)} makes any token
 *       fail from then on, as a server-side revocation does.
 *   <li>Serves {@code /version}, {@code /api}, {@code /apis}, {@code /api/v1}, {@code
 *       /api/v1/namespaces} (list and watch; {@link #createNamespace} adds one, {@link #endWatches}
 *       ends the watches as a server restart does) and {@code POST
 *       /apis/authentication.k8s.io/v1/selfsubjectreviews} (so {@code kubectl auth whoami} works);
 *       anything unauthenticated gets kube-apiserver's 401 Status.
 *   <li>{@code Impersonate-*} headers are honoured as kube-apiserver honours them for a user
 *       allowed to impersonate anyone: the self-subject review answers the impersonated user.
 *   <li>Every request is recorded for assertions ({@link #requests()}), headers included.
 * </ul>
 *
 * <p>Use one per test or per class and close it. Thread-safe.
 */
public final class FakeKubeApiServer implements AutoCloseable {
  private static final String END = "";
  static final String UNAUTHORIZED =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
          + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}";

  private final HttpsServer server;
  private final ExecutorService executor;
  private final HeldCertificate certificate;
  private final Map<String, UserInfo> staticTokens;
  private final List<Function<String, Optional<UserInfo>>> webhooks;
  private final List<JwtAuthenticator> authenticators = new ArrayList<>();
  private final Set<String> revoked = ConcurrentHashMap.newKeySet();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Object namespaceLock = new Object();
  private final List<String[]> namespaces = new ArrayList<>(); // {name, resourceVersion}
  private final Set<BlockingQueue<String>> watches = ConcurrentHashMap.newKeySet();
  private long resourceVersion = 1;

  private FakeKubeApiServer(Builder b) throws IOException {
    this.staticTokens = new ConcurrentHashMap<>(b.staticTokens);
    this.webhooks = List.copyOf(b.webhooks);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (JwtIssuerConfig issuer : b.issuers) {
      authenticators.add(new JwtAuthenticator(JwtRules.fromFlags(issuer), http, b.clock));
    }
    if (b.authenticationConfiguration != null) {
      for (JwtRules rules : b.authenticationConfiguration.jwt) {
        authenticators.add(new JwtAuthenticator(rules, http, b.clock));
      }
    }
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    this.certificate = LoopbackCertificates.create("kube-apiserver");
    HandshakeCertificates tls =
        new HandshakeCertificates.Builder().heldCertificate(certificate).build();
    this.server = HttpsServer.create(new InetSocketAddress(loopback, b.port), 0);
    server.setHttpsConfigurator(
        b.requestClientCertificates
            ? askingForClientCertificates(tls)
            : new HttpsConfigurator(tls.sslContext()));
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-kube-apiserver");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    namespaces.add(new String[] {"default", "1"});
    namespaces.add(new String[] {"kube-system", "1"});
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * TLS that asks every client for a certificate and takes whichever it sends (or none), as an mTLS
   * proxy in front of an API server asks; what was presented is recorded, not checked.
   */
  private static HttpsConfigurator askingForClientCertificates(HandshakeCertificates tls) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {tls.keyManager()},
          new TrustManager[] {new AnyClientCertificate()},
          null);
      return new HttpsConfigurator(context) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters p = getSSLContext().getDefaultSSLParameters();
          p.setWantClientAuth(true);
          params.setSSLParameters(p);
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Trusts any client certificate: the fake records it for the test to check. */
  private static final class AnyClientCertificate extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a server trusts no server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a server trusts no server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a server trusts no server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The server URL, {@code https://127.0.0.1:<port>}. */
  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The PEM of the server's self-signed certificate, to trust as the cluster CA. */
  public String certificateAuthorityPem() {
    return certificate.certificatePem();
  }

  /** Makes a static token known, as {@code --token-auth-file} does. */
  public void addStaticToken(String token, UserInfo user) {
    staticTokens.put(token, user);
  }

  /** From now on, rejects {@code token} with 401 whatever it is. */
  public void revoke(String token) {
    revoked.add(token);
  }

  /** The requests received so far, oldest first. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    requests.clear();
  }

  /**
   * A kubeconfig (YAML) with one context, {@code fake}, whose cluster is this server (its CA
   * inlined) and whose user is {@code userYaml}: the body of the {@code user:} mapping, for example
   * {@code "token: abc"} or an {@code exec:} block, indented as at the top level.
   */
  public String kubeconfig(String userYaml) {
    String ca =
        Base64.getEncoder()
            .encodeToString(certificateAuthorityPem().getBytes(StandardCharsets.UTF_8));
    StringBuilder user = new StringBuilder();
    for (String line : userYaml.split("\n", -1)) {
      if (!line.isEmpty()) {
        user.append("    ").append(line).append('\n');
      }
    }
    return "apiVersion: v1\nkind: Config\ncurrent-context: fake\n"
        + "clusters:\n- name: fake\n  cluster:\n    server: "
        + url()
        + "\n    certificate-authority-data: "
        + ca
        + "\ncontexts:\n- name: fake\n  context:\n    cluster: fake\n    user: user\n"
        + "users:\n- name: user\n  user:\n"
        + user;
  }

  /**
   * Adds a namespace: later lists show it, and every open watch of namespaces receives an {@code
   * ADDED} event.
   */
  public void createNamespace(String name) {
    String event;
    synchronized (namespaceLock) {
      resourceVersion++;
      String[] ns = {name, Long.toString(resourceVersion)};
      namespaces.add(ns);
      event = added(ns);
      for (BlockingQueue<String> watch : watches) {
        watch.add(event);
      }
    }
  }

  /**
   * Ends every open watch, as kube-apiserver does when a watch times out or the server restarts;
   * clients then watch again, with the credentials they hold at that moment.
   */
  public void endWatches() {
    for (BlockingQueue<String> watch : watches) {
      watch.add(END);
    }
  }

  /** The number of watches open now. */
  public int openWatches() {
    return watches.size();
  }

  /** Stops the server. */
  @Override
  public void close() {
    endWatches();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String full = exchange.getRequestURI().toString();
      String token = bearer(exchange.getRequestHeaders().getFirst("Authorization"));
      UserInfo user = null;
      String rejection = null;
      if (token == null) {
        rejection = "no credentials";
      } else if (revoked.contains(token)) {
        rejection = "token revoked";
      } else {
        try {
          user = authenticate(token).orElse(null);
          if (user == null) {
            rejection = "invalid bearer token";
          }
        } catch (JwtAuthenticator.Rejected e) {
          rejection = e.getMessage();
        }
      }
      Map<String, List<String>> headers = exchange.getRequestHeaders();
      String sni = serverName(exchange);
      X509Certificate clientCertificate = clientCertificate(exchange);
      if (user == null) {
        requests.add(
            new RecordedRequest(
                method, full, token, null, 401, rejection, headers, sni, clientCertificate));
        send(exchange, 401, UNAUTHORIZED);
        return;
      }
      Map<String, String> query = query(exchange);
      if (method.equals("GET")
          && path.equals("/api/v1/namespaces")
          && List.of("true", "1").contains(query.getOrDefault("watch", ""))) {
        requests.add(
            new RecordedRequest(
                method, full, token, user, 200, null, headers, sni, clientCertificate));
        if ("websocket".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Upgrade"))) {
          // Only streamed HTTP watches are served. A plain 200 instead of 101 is what kubectl proxy
          // answers, and clients such as fabric8 then watch over HTTP.
          send(exchange, 200, "{}");
          return;
        }
        watch(exchange, query);
        return;
      }
      String body =
          route(method, path, effectiveUser(user, exchange), exchange.getRequestHeaders());
      int status = body == null ? 404 : 200 + (method.equals("POST") ? 1 : 0);
      requests.add(
          new RecordedRequest(
              method, full, token, user, status, null, headers, sni, clientCertificate));
      send(exchange, status, body != null ? body : notFound(path));
    }
  }

  /** The certificate the client presented, if it was asked for one and sent one. */
  private static X509Certificate clientCertificate(HttpExchange exchange) {
    if (exchange instanceof HttpsExchange) {
      try {
        Certificate[] chain = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
        return chain.length > 0 && chain[0] instanceof X509Certificate
            ? (X509Certificate) chain[0]
            : null;
      } catch (SSLPeerUnverifiedException e) {
        return null;
      }
    }
    return null;
  }

  /** The SNI host name of the exchange's TLS session, if the client sent one. */
  private static String serverName(HttpExchange exchange) {
    if (exchange instanceof HttpsExchange
        && ((HttpsExchange) exchange).getSSLSession() instanceof ExtendedSSLSession) {
      for (SNIServerName name :
          ((ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession())
              .getRequestedServerNames()) {
        if (name instanceof SNIHostName) {
          return ((SNIHostName) name).getAsciiName();
        }
      }
    }
    return null;
  }

  /**
   * kube-apiserver acts as the impersonated user when {@code Impersonate-User} is sent (this fake
   * allows every impersonation; it has no RBAC). Uid and extra are read from the headers where they
   * are answered.
   */
  private static UserInfo effectiveUser(UserInfo user, HttpExchange exchange) {
    String as = exchange.getRequestHeaders().getFirst("Impersonate-User");
    if (as == null) {
      return user;
    }
    List<String> groups = exchange.getRequestHeaders().get("Impersonate-Group");
    return new UserInfo(as, groups == null ? List.of() : groups);
  }

  /** The query parameters of the request, raw; the first value of a repeated name wins. */
  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.putIfAbsent(
            eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    return query;
  }

  /**
   * Streams namespace events newer than the request's {@code resourceVersion} until {@link
   * #endWatches()}, {@code timeoutSeconds} or {@link #close()}.
   */
  private void watch(HttpExchange exchange, Map<String, String> query) throws IOException {
    String version = query.getOrDefault("resourceVersion", "");
    long since = version.isEmpty() ? 0 : Long.parseLong(version);
    long timeoutSeconds = Long.parseLong(query.getOrDefault("timeoutSeconds", "1800"));
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    synchronized (namespaceLock) {
      for (String[] ns : namespaces) {
        if (Long.parseLong(ns[1]) > since) {
          events.add(added(ns));
        }
      }
      watches.add(events);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    try (OutputStream out = exchange.getResponseBody()) {
      out.flush(); // the status line and headers, now
      while (true) {
        String event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (event == null || event.equals(END)) {
          break;
        }
        out.write((event + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away
    } finally {
      watches.remove(events);
    }
  }

  private Optional<UserInfo> authenticate(String token) throws JwtAuthenticator.Rejected {
    UserInfo user = staticTokens.get(token);
    if (user != null) {
      return Optional.of(user);
    }
    for (JwtAuthenticator a : authenticators) {
      Optional<UserInfo> u = a.authenticate(token);
      if (u.isPresent()) {
        return u;
      }
    }
    for (Function<String, Optional<UserInfo>> webhook : webhooks) {
      Optional<UserInfo> u = webhook.apply(token);
      if (u.isPresent()) {
        return u;
      }
    }
    return Optional.empty();
  }

  /** kube-apiserver's parsing: case-insensitive scheme, the second space-separated field. */
  private static String bearer(String header) {
    if (header == null) {
      return null;
    }
    String[] parts = header.trim().split(" ", 3);
    if (parts.length < 2
        || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")
        || parts[1].isEmpty()) {
      return null;
    }
    return parts[1];
  }

  private String route(String method, String path, UserInfo user, Headers headers) {
    String p =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    if (method.equals("GET")) {
      switch (p) {
        case "/version":
          return "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-fake\","
              + "\"gitCommit\":\"0000000000000000000000000000000000000000\",\"gitTreeState\":\"clean\","
              + "\"buildDate\":\"2026-01-01T00:00:00Z\",\"goVersion\":\"go1.23.0\",\"compiler\":\"gc\","
              + "\"platform\":\"linux/amd64\"}";
        case "/api":
          return "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
              + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:"
              + server.getAddress().getPort()
              + "\"}]}";
        case "/apis":
          return "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{\"name\":"
              + "\"authentication.k8s.io\",\"versions\":[{\"groupVersion\":\"authentication.k8s.io/v1\","
              + "\"version\":\"v1\"}],\"preferredVersion\":{\"groupVersion\":\"authentication.k8s.io/v1\","
              + "\"version\":\"v1\"}}]}";
        case "/api/v1":
          return "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":"
              + "\"namespaces\",\"singularName\":\"namespace\",\"namespaced\":false,\"kind\":\"Namespace\","
              + "\"verbs\":[\"get\",\"list\"],\"shortNames\":[\"ns\"]}]}";
        case "/apis/authentication.k8s.io/v1":
          return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":"
              + "\"authentication.k8s.io/v1\",\"resources\":[{\"name\":\"selfsubjectreviews\","
              + "\"singularName\":\"selfsubjectreview\",\"namespaced\":false,\"kind\":\"SelfSubjectReview\","
              + "\"verbs\":[\"create\"]}]}";
        case "/api/v1/namespaces":
          return namespaceList();
        default:
          return null;
      }
    }
    if (method.equals("POST") && p.equals("/apis/authentication.k8s.io/v1/selfsubjectreviews")) {
      JsonObject userInfo = new JsonObject();
      userInfo.addProperty("username", user.username());
      String uid = headers.getFirst("Impersonate-Uid");
      if (uid != null && headers.containsKey("Impersonate-User")) {
        userInfo.addProperty("uid", uid);
      } else if (!user.uid().isEmpty()) {
        userInfo.addProperty("uid", user.uid());
      }
      JsonArray groups = new JsonArray();
      user.groups().forEach(groups::add);
      groups.add("system:authenticated");
      userInfo.add("groups", groups);
      JsonObject extra = new JsonObject();
      user.extra()
          .forEach(
              (key, values) -> {
                JsonArray v = new JsonArray();
                values.forEach(v::add);
                extra.add(key, v);
              });
      headers.forEach(
          (name, values) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith("impersonate-extra-")) {
              JsonArray v = new JsonArray();
              values.forEach(v::add);
              extra.add(
                  URLDecoder.decode(name.substring(18).replace("+", "%2B"), StandardCharsets.UTF_8)
                      .toLowerCase(Locale.ROOT),
                  v);
            }
          });
      if (extra.size() > 0) {
        userInfo.add("extra", extra);
      }
      JsonObject status = new JsonObject();
      status.add("userInfo", userInfo);
      JsonObject review = new JsonObject();
      review.addProperty("kind", "SelfSubjectReview");
      review.addProperty("apiVersion", "authentication.k8s.io/v1");
      JsonObject metadata = new JsonObject();
      metadata.addProperty("creationTimestamp", "2026-01-01T00:00:00Z");
      review.add("metadata", metadata);
      review.add("status", status);
      return review.toString();
    }
    return null;
  }

  private String namespaceList() {
    StringBuilder items = new StringBuilder();
    long version;
    synchronized (namespaceLock) {
      for (String[] ns : namespaces) {
        if (items.length() > 0) {
          items.append(',');
        }
        items.append(namespace(ns));
      }
      version = resourceVersion;
    }
    return "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\""
        + version
        + "\"},\"items\":["
        + items
        + "]}";
  }

  private static String added(String[] ns) {
    return "{\"type\":\"ADDED\",\"object\":" + namespace(ns) + "}";
  }

  private static String namespace(String[] ns) {
    JsonObject metadata = new JsonObject();
    metadata.addProperty("name", ns[0]);
    metadata.addProperty(
        "uid", UUID.nameUUIDFromBytes(ns[0].getBytes(StandardCharsets.UTF_8)).toString());
    metadata.addProperty("resourceVersion", ns[1]);
    metadata.addProperty("creationTimestamp", "2026-01-01T00:00:00Z");
    JsonObject o = new JsonObject();
    o.addProperty("kind", "Namespace");
    o.addProperty("apiVersion", "v1");
    o.add("metadata", metadata);
    JsonObject status = new JsonObject();
    status.addProperty("phase", "Active");
    o.add("status", status);
    return o.toString();
  }

  private static String notFound(String path) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\","
        + "\"details\":{},\"code\":404}";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public String toString() {
    return "FakeKubeApiServer{" + url() + "}";
  }

  /** Builds and starts a {@link FakeKubeApiServer}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, UserInfo> staticTokens = new ConcurrentHashMap<>();
    private final List<JwtIssuerConfig> issuers = new ArrayList<>();
    private final List<Function<String, Optional<UserInfo>>> webhooks = new ArrayList<>();
    private AuthenticationConfiguration authenticationConfiguration;
    private boolean requestClientCertificates;
    private Clock clock = Clock.systemUTC();
    private int port;

    private Builder() {}

    /** Accepts {@code token} as {@code user}. */
    public Builder staticToken(String token, UserInfo user) {
      staticTokens.put(Objects.requireNonNull(token), Objects.requireNonNull(user));
      return this;
    }

    /**
     * Authenticates JWTs as kube-apiserver started with {@code --authentication-config} does: every
     * issuer of the configuration, with its claim mappings and validation rules. As in
     * kube-apiserver, it excludes {@link #jwtIssuer} (the {@code --oidc-*} flags).
     */
    public Builder authenticationConfiguration(AuthenticationConfiguration configuration) {
      this.authenticationConfiguration = Objects.requireNonNull(configuration);
      return this;
    }

    /** Trusts JWTs of this issuer, as kube-apiserver's {@code --oidc-*} flags do. */
    public Builder jwtIssuer(JwtIssuerConfig issuer) {
      issuers.add(Objects.requireNonNull(issuer));
      return this;
    }

    /**
     * Asks {@code webhook} who a token belongs to when no static token or issuer knows it, as
     * kube-apiserver's webhook token authenticator asks a TokenReview service; empty means "unknown
     * token" (401). Called on the server's threads.
     */
    public Builder tokenWebhook(Function<String, Optional<UserInfo>> webhook) {
      webhooks.add(Objects.requireNonNull(webhook));
      return this;
    }

    /** The clock for {@code exp} and {@code nbf}; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** A fixed port; a free one by default. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Asks clients for a certificate in the TLS handshake, as an mTLS proxy in front of the API
     * server does, and records the one presented ({@link RecordedRequest#clientCertificate()});
     * authentication still goes by the token.
     */
    public Builder requestClientCertificates() {
      this.requestClientCertificates = true;
      return this;
    }

    /** A builder with the same settings, for a caller that adds its own. */
    Builder copy() {
      Builder b = new Builder();
      b.staticTokens.putAll(staticTokens);
      b.issuers.addAll(issuers);
      b.webhooks.addAll(webhooks);
      b.authenticationConfiguration = authenticationConfiguration;
      b.requestClientCertificates = requestClientCertificates;
      b.clock = clock;
      b.port = port;
      return b;
    }

    /**
     * Starts the server.
     *
     * @throws UncheckedIOException if it cannot listen
     * @throws IllegalStateException if both an authentication configuration and JWT issuers are
     *     given, which kube-apiserver refuses
     */
    public FakeKubeApiServer start() {
      if (authenticationConfiguration != null && !issuers.isEmpty()) {
        throw new IllegalStateException(
            "authentication-config file and oidc-* flags are mutually exclusive");
      }
      try {
        return new FakeKubeApiServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the fake API server", e);
      }
    }
  }
}
