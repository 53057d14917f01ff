package dev.kubelogin.testing;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request the {@link FakeKubeApiServer} received: method, path with query, the bearer token it
 * carried, who it authenticated as, and the answer's status. {@link #toString()} hides the token.
 */
public final class RecordedRequest {
  private final String method;
  private final String path;
  private final String bearerToken;
  private final UserInfo user;
  private final int status;
  private final String rejection;
  private final Map<String, List<String>> headers;
  private final String serverName;
  private final X509Certificate clientCertificate;

  RecordedRequest(
      String method,
      String path,
      String bearerToken,
      UserInfo user,
      int status,
      String rejection,
      Map<String, List<String>> headers,
      String serverName,
      X509Certificate clientCertificate) {
    this.method = method;
    this.path = path;
    this.bearerToken = bearerToken;
    this.user = user;
    this.status = status;
    this.rejection = rejection;
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(copy);
    this.serverName = serverName;
    this.clientCertificate = clientCertificate;
  }

  /**
   * The certificate the client presented in the TLS handshake, if the server {@linkplain
   * FakeKubeApiServer.Builder#requestClientCertificates() asked for one} and it sent one.
   */
  public Optional<X509Certificate> clientCertificate() {
    return Optional.ofNullable(clientCertificate);
  }

  /** The server name the client asked for in the TLS handshake (SNI), if it sent one. */
  public Optional<String> serverName() {
    return Optional.ofNullable(serverName);
  }

  /** The HTTP method. */
  public String method() {
    return method;
  }

  /** The path and query. */
  public String path() {
    return path;
  }

  /** The bearer token sent, if any. A secret of the test; do not log it. */
  public Optional<String> bearerToken() {
    return Optional.ofNullable(bearerToken);
  }

  /** Who the request authenticated as; empty when it was rejected. */
  public Optional<UserInfo> user() {
    return Optional.ofNullable(user);
  }

  /** The HTTP status answered. */
  public int status() {
    return status;
  }

  /**
   * The values of request header {@code name} (case-insensitive), in the order sent; empty when
   * absent. {@code Authorization} is a secret of the test; do not log it.
   */
  public List<String> headers(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /** Why authentication failed, in kube-apiserver's words, when it did. */
  public Optional<String> rejection() {
    return Optional.ofNullable(rejection);
  }

  @Override
  public String toString() {
    return method + " " + path + " -> " + status + (user == null ? "" : " as " + user.username());
  }
}
