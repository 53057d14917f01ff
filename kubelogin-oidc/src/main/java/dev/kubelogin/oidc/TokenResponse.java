package dev.kubelogin.oidc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
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
    JsonObject o = object(body);
    if (o == null) {
      throw new AuthenticationFailedException(
          "the token endpoint " + endpoint + " answered 200 with a body that is not a JSON object");
    }
    String access = string(o, "access_token");
    if (access == null) {
      throw new AuthenticationFailedException(
          "the token endpoint " + endpoint + " answered without an access_token");
    }
    return new TokenResponse(access, string(o, "id_token"), string(o, "refresh_token"));
  }

  /** The JSON object in {@code body}, or {@code null} when it is not one. */
  static JsonObject object(String body) {
    try {
      JsonElement e = JsonParser.parseString(body);
      return e.isJsonObject() ? e.getAsJsonObject() : null;
    } catch (JsonParseException | IllegalStateException e) {
      return null;
    }
  }

  /** A non-empty string member, or {@code null}. */
  static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      return null;
    }
    String s = e.getAsString();
    return s.isEmpty() ? null : s;
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
