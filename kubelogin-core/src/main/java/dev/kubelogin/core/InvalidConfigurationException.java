package dev.kubelogin.core;

/**
 * The configuration is wrong: a malformed kubeconfig, a context naming a missing user, an option
 * with an invalid value. The message names the file, entry or option.
 */
public class InvalidConfigurationException extends KubeloginException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public InvalidConfigurationException(String message) {
    super(message);
  }

  /** Creates an exception with a message and a cause. */
  public InvalidConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
