package dev.kubelogin.core.resolve;

import dev.kubelogin.core.TokenProvider;
import java.util.Optional;

/**
 * The credentials of a resolved kubeconfig user: a bearer token source, a client certificate
 * source, basic auth, or a combination (an exec plugin may return both a token and a certificate).
 * Immutable and thread-safe; {@link #toString()} shows no secret.
 */
public final class Credentials {
  private final TokenProvider tokenProvider;
  private final ClientCertificateProvider clientCertificate;
  private final String username;
  private final String password;

  Credentials(
      TokenProvider tokenProvider,
      ClientCertificateProvider clientCertificate,
      String username,
      String password) {
    this.tokenProvider = tokenProvider;
    this.clientCertificate = clientCertificate;
    this.username = username;
    this.password = password;
  }

  /** The bearer token source, if the user authenticates with tokens. */
  public Optional<TokenProvider> tokenProvider() {
    return Optional.ofNullable(tokenProvider);
  }

  /** The client certificate source, if the user authenticates with a certificate. */
  public Optional<ClientCertificateProvider> clientCertificate() {
    return Optional.ofNullable(clientCertificate);
  }

  /** The basic-auth user name, if set. */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** The basic-auth password, if set. Treat as a secret. */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  @Override
  public String toString() {
    return "Credentials{token="
        + (tokenProvider == null ? "none" : tokenProvider.toString())
        + ", clientCertificate="
        + (clientCertificate != null)
        + ", basic="
        + (username != null)
        + "}";
  }
}
