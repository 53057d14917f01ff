package dev.kubelogin.core;

import java.util.regex.Pattern;

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
 * <p>Messages say what to do next. They never contain a token, secret or password. Much of a
 * message can come from outside (a provider's error description, a plugin's output, a file name),
 * so control characters other than newline and tab, and bidirectional overrides, are removed from
 * it: a message printed on a terminal cannot move the cursor, recolour it or hide text.
 */
public class KubeloginException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final Pattern UNPRINTABLE =
      Pattern.compile("[\\p{Cc}&&[^\\n\\t]]|[\\u202A-\\u202E\\u2066-\\u2069]");

  /** Creates an exception with a message. */
  public KubeloginException(String message) {
    super(printable(message));
  }

  /** Creates an exception with a message and a cause. */
  public KubeloginException(String message, Throwable cause) {
    super(printable(message), cause);
  }

  private static String printable(String message) {
    return message == null ? null : UNPRINTABLE.matcher(message).replaceAll("");
  }
}
