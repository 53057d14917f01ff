package dev.kubelogin.oidc.cache;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kubelogin.core.store.FileTokenStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of int128/kubelogin's token cache: the ID token (or, in access-token mode, the access
 * token) and the refresh token. The file format is the Go tool's byte for byte: compact JSON {@code
 * {"id_token":"…","refresh_token":"…"}} without a trailing newline, {@code refresh_token} left out
 * when empty. Immutable; {@link #toString()} shows no token.
 */
public final class CachedTokens {

  /** Reads and writes records; an unreadable record is a cache miss. */
  public static final FileTokenStore.Codec<CachedTokens> CODEC =
      new FileTokenStore.Codec<>() {
        @Override
        public byte[] encode(CachedTokens value) {
          return value.toJson().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public CachedTokens decode(byte[] bytes) {
          return parse(new String(bytes, StandardCharsets.UTF_8));
        }
      };

  private final String idToken;
  private final String refreshToken;

  /**
   * @param idToken the token to present (ID token, or access token in access-token mode)
   * @param refreshToken the refresh token, or {@code null} / empty for none
   */
  public CachedTokens(String idToken, String refreshToken) {
    this.idToken = Objects.requireNonNull(idToken, "idToken");
    this.refreshToken = refreshToken == null || refreshToken.isEmpty() ? null : refreshToken;
  }

  /**
   * How long before its {@code exp} a cached token stops being served: 10 seconds, as client-go's
   * {@code oidc} auth-provider does. int128/kubelogin uses no margin and hands out tokens with one
   * second left.
   */
  public static final Duration EXPIRY_SKEW = Duration.ofSeconds(10);

  /**
   * The {@code exp} of the cached token, read from its JWT payload without verifying the signature
   * (as int128 does: the token was verified when it was stored); empty when the token is not a JWT
   * or has no numeric {@code exp}.
   */
  public Optional<Instant> expiresAt() {
    return instantClaim("exp");
  }

  /** The {@code iat} of the cached token, read like {@link #expiresAt()}. */
  public Optional<Instant> issuedAt() {
    return instantClaim("iat");
  }

  private Optional<Instant> instantClaim(String name) {
    String[] parts = idToken.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonElement payload =
          JsonParser.parseString(
              new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      JsonElement v = payload.isJsonObject() ? payload.getAsJsonObject().get(name) : null;
      if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
        return Optional.empty();
      }
      return Optional.of(Instant.ofEpochSecond(v.getAsLong()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the cached token may be served at {@code now}: it has an {@code exp} and {@code now} is
   * more than {@link #EXPIRY_SKEW} before it. A token without a readable {@code exp} is never
   * served (int128 reads a missing {@code exp} as 0 too), but unlike int128 it is not an error: the
   * refresh token, if any, is used.
   */
  public boolean isValidAt(Instant now) {
    return expiresAt().map(exp -> now.plus(EXPIRY_SKEW).isBefore(exp)).orElse(false);
  }

  /** The token to present. Treat as a secret. */
  public String idToken() {
    return idToken;
  }

  /** The refresh token, if any. Treat as a secret. */
  public Optional<String> refreshToken() {
    return Optional.ofNullable(refreshToken);
  }

  /** The record as the Go tool writes it (Go's {@code json.Marshal}, escaping included). */
  public String toJson() {
    StringBuilder b = new StringBuilder("{");
    if (!idToken.isEmpty()) {
      b.append("\"id_token\":");
      goString(b, idToken);
    }
    if (refreshToken != null) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append("\"refresh_token\":");
      goString(b, refreshToken);
    }
    return b.append('}').toString();
  }

  /** Go's encoding/json string escaping with its default HTML escaping. */
  private static void goString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }

  /**
   * Reads a record; unknown fields are ignored as Go's decoder ignores them.
   *
   * @throws IllegalArgumentException if it is not a JSON object with a string {@code id_token}
   */
  public static CachedTokens parse(String json) {
    JsonElement e = JsonParser.parseString(json);
    if (!e.isJsonObject()) {
      throw new IllegalArgumentException("token cache record is not a JSON object");
    }
    JsonObject o = e.getAsJsonObject();
    JsonElement id = o.get("id_token");
    if (id == null || !id.isJsonPrimitive() || !id.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException("token cache record has no id_token");
    }
    JsonElement refresh = o.get("refresh_token");
    return new CachedTokens(
        id.getAsString(),
        refresh != null && refresh.isJsonPrimitive() ? refresh.getAsString() : null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CachedTokens
        && idToken.equals(((CachedTokens) o).idToken)
        && Objects.equals(refreshToken, ((CachedTokens) o).refreshToken);
  }

  @Override
  public int hashCode() {
    return idToken.hashCode();
  }

  @Override
  public String toString() {
    return "CachedTokens{idToken=<redacted>, refreshToken="
        + (refreshToken == null ? "none" : "<redacted>")
        + "}";
  }
}
