package dev.kubelogin.core;

/**
 * A login needs a person (a browser, a prompt, a device code) and the caller cannot interact, for
 * example an exec plugin run with {@code spec.interactive: false}. The message names the command to
 * run to log in.
 */
public class InteractionRequiredException extends KubeloginException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public InteractionRequiredException(String message) {
    super(message);
  }

  /** Creates an exception with a message and a cause. */
  public InteractionRequiredException(String message, Throwable cause) {
    super(message, cause);
  }
}
