package dev.kubelogin.core;

/**
 * The credential source applied and failed: the identity provider refused, the plugin failed, the
 * response was malformed, or a wait ran out.
 *
 * <p>When {@link #credentialRejected()} is true the failure means the cached credential itself is
 * no longer any good (for example a revoked refresh token, {@code invalid_grant}), so a caching
 * provider drops its cached token and throws even while that token has not yet expired.
 */
public class AuthenticationFailedException extends KubeloginException {
  private static final long serialVersionUID = 1L;

  private final boolean credentialRejected;

  /** Creates an exception with a message. */
  public AuthenticationFailedException(String message) {
    this(message, null, false);
  }

  /** Creates an exception with a message and a cause. */
  public AuthenticationFailedException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * Creates an exception.
   *
   * @param message what failed and what to do next
   * @param cause the underlying failure, or {@code null}
   * @param credentialRejected whether the stored credential was rejected and must not be served any
   *     longer
   */
  public AuthenticationFailedException(
      String message, Throwable cause, boolean credentialRejected) {
    super(message, cause);
    this.credentialRejected = credentialRejected;
  }

  /** Whether the stored credential was rejected and must not be served any longer. */
  public boolean credentialRejected() {
    return credentialRejected;
  }
}
