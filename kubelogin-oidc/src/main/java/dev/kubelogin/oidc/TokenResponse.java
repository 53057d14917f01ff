package dev.kubelogin.oidc;

import com.google.gson.JsonObject;
import dev.kubelogin.core.AuthenticationFailedException;

/** A successful token endpoint answer (RFC 6749 §5.1 plus OIDC's {@code id_token}). */
final class TokenResponse {
  final String accessToken;
  final String idToken;
  final String refreshToken;

  private TokenResponse(String accessToken, String idToken, String refreshToken) {
    this.accessToken = accessToken;
    this.idToken = idToken;
    this.refreshToken = refreshToken;
  }

  /**
   * Reads a 200 answer. The body is never quoted in an error: it holds tokens.
   *
   * @throws AuthenticationFailedException when it is not a JSON object or lacks {@code
   *     access_token}
   */
  static TokenResponse parse(String body, String endpoint) {
    JsonObject o = JsonMembers.object(body);
    if (o == null) {
      throw new AuthenticationFailedException(
          "the token endpoint " + endpoint + " answered 200 with a body that is not a JSON object");
    }
    String access = JsonMembers.string(o, "access_token");
    if (access == null) {
      throw new AuthenticationFailedException(
          "the token endpoint " + endpoint + " answered without an access_token");
    }
    return new TokenResponse(
        access, JsonMembers.string(o, "id_token"), JsonMembers.string(o, "refresh_token"));
  }

  @Override
  public String toString() {
    return "TokenResponse{idToken="
        + (idToken != null)
        + ", refreshToken="
        + (refreshToken != null)
        + "}";
  }
}
