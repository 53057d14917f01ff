package dev.kubelogin.core;

/**
 * The root of every exception this library throws while getting credentials.
 *
 * <p>Subtypes name the situation so that callers can react without parsing messages:
 *
 * <ul>
 *   <li>{@link CredentialUnavailableException}: the source does not apply here; a chain may try the
 *       next one.
 *   <li>{@link AuthenticationFailedException}: the source applied and failed.
 *   <li>{@link InteractionRequiredException}: a login needs a person and none is available.
 *   <li>{@link InvalidConfigurationException}: the configuration (kubeconfig, options) is wrong.
 * </ul>
 *
 * <p>Messages say what to do next. They never contain a token, secret or password.
 */
public class KubeloginException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public KubeloginException(String message) {
    super(message);
  }

  /** Creates an exception with a message and a cause. */
  public KubeloginException(String message, Throwable cause) {
    super(message, cause);
  }
}
