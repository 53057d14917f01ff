package dev.kubelogin.oidc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/** Reading identity provider answers leniently: what is missing or mistyped reads as absent. */
final class JsonMembers {
  private JsonMembers() {}

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
}
