package dev.kubelogin.oidc;

import dev.kubelogin.core.AuthenticationFailedException;

/**
 * The identity provider answered an OAuth 2.0 error ({@code error}, {@code error_description}, RFC
 * 6749 §5.2) — for example {@code invalid_grant} when a refresh token was revoked, or {@code
 * access_denied} when the person declined. An {@code invalid_grant} answer marks the credential as
 * {@linkplain #credentialRejected() rejected}.
 */
public final class OAuthErrorException extends AuthenticationFailedException {
  private static final long serialVersionUID = 1L;

  private final String error;
  private final String description;

  OAuthErrorException(String action, String error, String description, int status) {
    super(
        action
            + " failed: "
            + error
            + (description == null || description.isEmpty() ? "" : " (" + description + ")")
            + (status > 0 ? " [HTTP " + status + "]" : ""),
        null,
        "invalid_grant".equals(error));
    this.error = error;
    this.description = description == null ? "" : description;
  }

  /** The {@code error} code, for example {@code invalid_grant}. */
  public String error() {
    return error;
  }

  /** The {@code error_description}, empty when none was given. */
  public String description() {
    return description;
  }
}
