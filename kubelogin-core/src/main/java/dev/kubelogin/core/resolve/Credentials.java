package dev.kubelogin.core.resolve;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.InvalidConfigurationException;
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

  /**
   * Credentials whose token source fails with {@code reason} on every call: an exec stanza that a
   * {@link PluginPolicy} forbids (or a broken kuberc), reported when a credential is needed.
   */
  static Credentials failing(InvalidConfigurationException reason) {
    return new Credentials(
        new TokenProvider() {
          @Override
          public AccessToken token() {
            throw new InvalidConfigurationException(reason.getMessage(), reason);
          }

          @Override
          public String toString() {
            return "NotAllowed{" + reason.getMessage() + "}";
          }
        },
        null,
        null,
        null);
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

  /** The error for an {@code auth-provider} no plugin serves, as client-go words it. */
  static String unsupportedAuthProvider(String userName, String name) {
    switch (name) {
      case "oidc":
        return "user \""
            + userName
            + "\" uses auth-provider oidc; add the kubelogin-oidc module to the class path to"
            + " serve it";
      case "gcp":
        return "The gcp auth plugin has been removed. Please use the \"gke-gcloud-auth-plugin\""
            + " kubectl/client-go credential plugin instead.";
      case "azure":
        return "The azure auth plugin has been removed. Please use the Azure kubelogin"
            + " credential plugin instead (convert-kubeconfig), or add the kubelogin-azure module"
            + " to the class path.";
      default:
        return "no Authentication Provider found for name \""
            + name
            + "\" (user \""
            + userName
            + "\")";
    }
  }
}
