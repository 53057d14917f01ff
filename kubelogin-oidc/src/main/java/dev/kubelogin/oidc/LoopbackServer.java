package dev.kubelogin.oidc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InvalidConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * The loopback server that receives the authorization code (RFC 8252 §7.3), as int128's oauth2cli:
 * binds the first free address of a list, answers {@code GET /} with a redirect to the
 * authorization URL, accepts the first callback only, checks {@code state}, serves a success page
 * (or a refresh to a given URL) and a readable error page, and 404 elsewhere. HTTPS when given a
 * certificate. When it binds {@code 127.0.0.1} for a {@code localhost} redirect it also listens on
 * {@code [::1]} at the same port when it can, so a browser that resolves {@code localhost} to IPv6
 * still arrives.
 *
 * <p>Anything on this machine can reach the server, so it trusts nothing but the real callback:
 *
 * <ul>
 *   <li>A callback whose {@code state} is missing or wrong, error or code alike, gets an error page
 *       and the server keeps waiting; only the provider's own answer (with the right state) ends
 *       the login, so a web page or local process cannot abort it.
 *   <li>A request whose {@code Host} is not a loopback name (or the redirect URL's host) on this
 *       port is refused, so a web page cannot reach the server through DNS rebinding.
 *   <li>Requests are handled on a small pool of threads, so a connection that stalls mid-request
 *       does not keep the real callback waiting.
 * </ul>
 */
final class LoopbackServer implements AutoCloseable {
  static final String SUCCESS_HTML =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>Authenticated</title>"
          + "<script>window.close()</script></head><body><h1>Authenticated</h1>"
          + "<p>You have logged in to the cluster. You can close this window.</p></body></html>";

  /** Connections served at once; more wait for a free thread. */
  static final int THREADS = 8;

  private final List<HttpServer> servers = new ArrayList<>();
  private final ExecutorService threads;
  private final Set<String> allowedHosts;
  private final String redirectUri;
  private final String callbackPath;
  private final String expectedState;
  private final String openUrlAfter;
  private final CompletableFuture<String> code = new CompletableFuture<>();
  private volatile String authorizationUrl;

  private LoopbackServer(
      HttpServer server,
      String redirectUri,
      String callbackPath,
      String expectedState,
      String openUrlAfter) {
    this.servers.add(server);
    this.threads = newThreads();
    this.allowedHosts = allowedHosts(redirectUri, server.getAddress().getPort());
    this.redirectUri = redirectUri;
    this.callbackPath = callbackPath;
    this.expectedState = expectedState;
    this.openUrlAfter = openUrlAfter;
  }

  /**
   * Binds the first free address of {@code addresses} ({@code host:port}; port 0 picks one) and
   * starts serving.
   *
   * @param redirectUrl the redirect URL to send, or empty for {@code http(s)://localhost:<port>}
   * @param tls the server's TLS context, or {@code null} for HTTP
   * @param state the {@code state} the callback must carry
   * @param openUrlAfter where the success page sends the browser, or empty
   * @throws AuthenticationFailedException when no address can be bound
   */
  static LoopbackServer start(
      List<String> addresses,
      String redirectUrl,
      SSLContext tls,
      String state,
      String openUrlAfter) {
    List<String> candidates = addresses.isEmpty() ? List.of("127.0.0.1:0") : addresses;
    List<String> errors = new ArrayList<>();
    for (String address : candidates) {
      InetSocketAddress socket = parse(address);
      HttpServer server;
      try {
        server = create(socket, tls);
      } catch (IOException e) {
        errors.add("listen tcp " + address + ": " + e.getMessage());
        continue;
      }
      int port = server.getAddress().getPort();
      String redirect;
      String path;
      if (redirectUrl == null || redirectUrl.isEmpty()) {
        redirect = (tls == null ? "http" : "https") + "://localhost:" + port;
        path = "/";
      } else {
        redirect = redirectUrl;
        String p = URI.create(redirectUrl).getRawPath();
        path = p == null || p.isEmpty() ? "/" : p;
      }
      LoopbackServer loopback = new LoopbackServer(server, redirect, path, state, openUrlAfter);
      server.createContext("/", loopback::handle);
      server.setExecutor(loopback.threads);
      server.start();
      String redirectHost = URI.create(redirect).getHost();
      if ("localhost".equals(redirectHost)
          && socket.getAddress() != null
          && socket.getAddress().isLoopbackAddress()
          && socket.getAddress().getAddress().length == 4) {
        loopback.alsoListen(new InetSocketAddress("::1", port), tls);
      }
      return loopback;
    }
    throw new AuthenticationFailedException("no available port: " + String.join(", ", errors));
  }

  private static ExecutorService newThreads() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "kubelogin-loopback");
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** The Host values a browser sends for this server: loopback names and the redirect's host. */
  static Set<String> allowedHosts(String redirectUri, int port) {
    URI redirect = URI.create(redirectUri);
    boolean defaultPort = port == ("https".equalsIgnoreCase(redirect.getScheme()) ? 443 : 80);
    Set<String> hosts = new HashSet<>();
    List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "[::1]"));
    if (redirect.getHost() != null) {
      names.add(redirect.getHost().toLowerCase(Locale.ROOT));
    }
    for (String name : names) {
      hosts.add(name + ":" + port);
      if (defaultPort) {
        hosts.add(name);
      }
    }
    return hosts;
  }

  private static HttpServer create(InetSocketAddress socket, SSLContext tls) throws IOException {
    if (tls == null) {
      return HttpServer.create(socket, 0);
    }
    HttpsServer https = HttpsServer.create(socket, 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    return https;
  }

  private void alsoListen(InetSocketAddress socket, SSLContext tls) {
    try {
      HttpServer extra = create(socket, tls);
      extra.createContext("/", this::handle);
      extra.setExecutor(threads);
      extra.start();
      servers.add(extra);
    } catch (IOException | RuntimeException e) {
      // IPv6 loopback unavailable or taken: 127.0.0.1 alone is what int128 offers
    }
  }

  static InetSocketAddress parse(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new InvalidConfigurationException(
          "invalid --listen-address \"" + address + "\": want host:port");
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(
          "invalid --listen-address \"" + address + "\": the port is not a number");
    }
    if (port < 0 || port > 65535) {
      throw new InvalidConfigurationException(
          "invalid --listen-address \"" + address + "\": port out of range");
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  /** The {@code redirect_uri} to send. */
  String redirectUri() {
    return redirectUri;
  }

  /** Sets where {@code GET /} sends the browser. */
  void authorizationUrl(String url) {
    this.authorizationUrl = url;
  }

  /**
   * Waits for the callback and returns its code.
   *
   * @throws AuthenticationFailedException for an error callback, a wrong state, or no callback in
   *     time
   */
  String awaitCode(Duration timeout) {
    try {
      return code.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AuthenticationFailedException(
          "timed out after "
              + timeout.toSeconds()
              + " s waiting for the browser to come back to "
              + redirectUri
              + "; log in within --authentication-timeout-sec or raise it");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuthenticationFailedException("interrupted while waiting for the browser", e);
    } catch (ExecutionException e) {
      throw (AuthenticationFailedException) e.getCause();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String host = exchange.getRequestHeaders().getFirst("Host");
      if (host == null || !allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
        send(exchange, 400, "text/plain", "unexpected Host: this server answers only on loopback");
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "text/plain", "method not allowed");
        return;
      }
      boolean callback =
          path.equals(callbackPath) && (query.containsKey("code") || query.containsKey("error"));
      if (!callback) {
        if ((path.equals("/") || path.equals(callbackPath)) && authorizationUrl != null) {
          exchange.getResponseHeaders().set("Location", authorizationUrl);
          send(exchange, 302, "text/plain", "");
        } else {
          send(exchange, 404, "text/plain", "not found");
        }
        return;
      }
      if (code.isDone()) {
        send(
            exchange,
            400,
            "text/html; charset=utf-8",
            errorPage("This login has already been handled. You can close this window."));
        return;
      }
      if (!expectedState.equals(query.get("state"))) {
        // Not the provider's answer to this login (a stale tab, another page, a local process):
        // say so and keep waiting for the real one.
        send(
            exchange,
            400,
            "text/html; charset=utf-8",
            errorPage(
                "This is not the answer to the login in progress (its state does not match)."
                    + " If you started a login, finish it in the window it opened."));
        return;
      }
      if (query.containsKey("error")) {
        String error = query.get("error");
        String description = query.getOrDefault("error_description", "");
        String message =
            "authorization error from server: "
                + error
                + (description.isEmpty() ? "" : " " + description);
        send(exchange, 500, "text/html; charset=utf-8", errorPage(message));
        code.completeExceptionally(
            new OAuthErrorException("the authorization", error, description, 0));
        return;
      }
      String page =
          openUrlAfter == null || openUrlAfter.isEmpty()
              ? SUCCESS_HTML
              : "<!DOCTYPE html><html><head><meta charset=\"UTF-8\">"
                  + "<meta http-equiv=\"refresh\" content=\"0;URL="
                  + html(openUrlAfter)
                  + "\"><title>Authenticated</title></head><body>Authenticated</body></html>";
      send(exchange, 200, "text/html; charset=utf-8", page);
      code.complete(query.get("code"));
    } finally {
      exchange.close();
    }
  }

  private static String errorPage(String message) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\">"
        + "<title>Login failed</title></head><body><h1>Login failed</h1><p>"
        + html(message)
        + "</p><p>Return to the terminal for details.</p></body></html>";
  }

  private static String html(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    for (HttpServer s : servers) {
      s.stop(0);
    }
    threads.shutdownNow();
  }
}
