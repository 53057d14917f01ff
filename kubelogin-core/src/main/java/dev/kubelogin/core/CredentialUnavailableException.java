package dev.kubelogin.core;

/**
 * The credential source does not apply in this environment (for example a variable it needs is not
 * set), so a chain of sources may go on to the next one.
 */
public class CredentialUnavailableException extends KubeloginException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public CredentialUnavailableException(String message) {
    super(message);
  }

  /** Creates an exception with a message and a cause. */
  public CredentialUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
