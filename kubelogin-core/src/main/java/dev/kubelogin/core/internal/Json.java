package dev.kubelogin.core.internal;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict JSON parsing and conversion between Gson trees and plain values. Not public API. */
public final class Json {

  private static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);

  private Json() {}

  /**
   * Parses exactly one strict JSON value; trailing non-space text is an error.
   *
   * @throws JsonSyntaxError with a message in the style of Go's encoding/json
   */
  public static JsonElement parseStrict(String text) {
    JsonReader reader = new JsonReader(new StringReader(text));
    reader.setStrictness(Strictness.STRICT);
    JsonElement value;
    try {
      value = ELEMENT.read(reader);
    } catch (EOFException e) {
      throw new JsonSyntaxError("unexpected end of JSON input");
    } catch (MalformedJsonException | IllegalStateException e) {
      throw new JsonSyntaxError(goStyle(e.getMessage()));
    } catch (IOException e) {
      throw new JsonSyntaxError(e.getMessage());
    }
    try {
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonSyntaxError(trailing(text));
      }
    } catch (IOException | IllegalStateException e) {
      throw new JsonSyntaxError(trailing(text));
    }
    return value;
  }

  private static String goStyle(String gsonMessage) {
    String m = gsonMessage == null ? "malformed JSON" : gsonMessage;
    int see = m.indexOf("\nSee ");
    return "invalid JSON: " + (see >= 0 ? m.substring(0, see) : m);
  }

  /** The message Go gives for text after a complete value. */
  private static String trailing(String text) {
    // Find the end of the first value by a balanced scan and report the next non-space char.
    int depth = 0;
    boolean inString = false;
    int i = 0;
    int n = text.length();
    while (i < n && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
          if (depth == 0) {
            i++;
            break;
          }
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          i++;
          break;
        }
      } else if (depth == 0 && (Character.isWhitespace(c))) {
        break;
      }
    }
    while (i < n && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    char c = i < n ? text.charAt(i) : '?';
    return "invalid character '" + c + "' after top-level value";
  }

  /** Converts a plain value ({@link YamlTree} output) to a Gson tree. */
  @SuppressWarnings("unchecked")
  public static JsonElement toJson(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof JsonElement) {
      return (JsonElement) value;
    }
    if (value instanceof String) {
      return new JsonPrimitive((String) value);
    }
    if (value instanceof Boolean) {
      return new JsonPrimitive((Boolean) value);
    }
    if (value instanceof Number) {
      return new JsonPrimitive((Number) value);
    }
    if (value instanceof Map) {
      JsonObject o = new JsonObject();
      ((Map<String, Object>) value).forEach((k, v) -> o.add(k, toJson(v)));
      return o;
    }
    if (value instanceof List) {
      JsonArray a = new JsonArray();
      ((List<Object>) value).forEach(v -> a.add(toJson(v)));
      return a;
    }
    if (value instanceof byte[]) {
      return new JsonPrimitive(java.util.Base64.getEncoder().encodeToString((byte[]) value));
    }
    throw new IllegalArgumentException("not a JSON value: " + value.getClass());
  }

  /** Converts a Gson tree to plain values: maps, lists, strings, booleans, numbers, null. */
  public static Object toPlain(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
        m.put(en.getKey(), toPlain(en.getValue()));
      }
      return m;
    }
    if (e.isJsonArray()) {
      List<Object> l = new ArrayList<>();
      e.getAsJsonArray().forEach(x -> l.add(toPlain(x)));
      return l;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isString()) {
      return p.getAsString();
    }
    String n = p.getAsString();
    if (n.matches("-?[0-9]+")) {
      BigInteger b = new BigInteger(n);
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    return p.getAsDouble();
  }

  /** The Go/JSON type name of a plain value, for error messages. */
  public static String goKind(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Map) {
      return "object";
    }
    return "array";
  }

  /** A JSON syntax error with a Go-style message. */
  public static final class JsonSyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonSyntaxError(String message) {
      super(message);
    }
  }
}
