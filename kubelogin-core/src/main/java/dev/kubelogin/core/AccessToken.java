package dev.kubelogin.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A credential to send to the Kubernetes API server: the token string, when it expires, and when a
 * refresh is advised.
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} never shows the token value, so
 * an {@code AccessToken} is safe to log.
 */
public final class AccessToken {

  /** How the token is presented to the API server. */
  public enum Type {
    /** Sent as {@code Authorization: Bearer <value>}. */
    BEARER,
    /** A signed proof-of-possession token, also sent in the {@code Authorization} header. */
    POP
  }

  private final String value;
  private final Type type;
  private final Instant expiresAt;
  private final Instant refreshAt;

  private AccessToken(Builder builder) {
    this.value = builder.value;
    this.type = builder.type;
    this.expiresAt = builder.expiresAt;
    this.refreshAt = builder.refreshAt;
  }

  /**
   * Returns a bearer token.
   *
   * @param value the token string; not empty
   * @param expiresAt when the token stops being valid, or {@code null} when unknown (it is then
   *     valid until the server rejects it)
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public static AccessToken bearer(String value, Instant expiresAt) {
    return builder(value).expiresAt(expiresAt).build();
  }

  /**
   * Returns a builder for a token with the given value.
   *
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public static Builder builder(String value) {
    return new Builder(value);
  }

  /** Returns a builder initialised with this token's fields. */
  public Builder toBuilder() {
    return new Builder(value).type(type).expiresAt(expiresAt).refreshAt(refreshAt);
  }

  /** The token string. Treat it as a secret. */
  public String value() {
    return value;
  }

  /** How the token is presented to the server. */
  public Type type() {
    return type;
  }

  /** When the token stops being valid; empty when unknown. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * When the issuer advises refreshing the token, earlier than {@link #expiresAt()}; empty when
   * there is no such hint. A caching provider starts its advisory refresh here instead of at its
   * own default offset.
   */
  public Optional<Instant> refreshAt() {
    return Optional.ofNullable(refreshAt);
  }

  /** Returns whether the token has an expiry and it is at or before {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AccessToken)) {
      return false;
    }
    AccessToken that = (AccessToken) o;
    return value.equals(that.value)
        && type == that.type
        && Objects.equals(expiresAt, that.expiresAt)
        && Objects.equals(refreshAt, that.refreshAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, type, expiresAt, refreshAt);
  }

  /** Describes the token without its value. */
  @Override
  public String toString() {
    return "AccessToken{type="
        + type
        + ", expiresAt="
        + expiresAt
        + (refreshAt == null ? "" : ", refreshAt=" + refreshAt)
        + ", value=<redacted>}";
  }

  /** Builds an {@link AccessToken}. Not thread-safe. */
  public static final class Builder {
    private final String value;
    private Type type = Type.BEARER;
    private Instant expiresAt;
    private Instant refreshAt;

    private Builder(String value) {
      Objects.requireNonNull(value, "value");
      if (value.isEmpty()) {
        throw new IllegalArgumentException("token value must not be empty");
      }
      this.value = value;
    }

    /** Sets how the token is presented; {@link Type#BEARER} by default. */
    public Builder type(Type type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /** Sets the expiry; {@code null} means unknown. */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** Sets the issuer's refresh hint; {@code null} means none. */
    public Builder refreshAt(Instant refreshAt) {
      this.refreshAt = refreshAt;
      return this;
    }

    /**
     * Returns the token.
     *
     * @throws IllegalStateException if {@code refreshAt} is after {@code expiresAt}
     */
    public AccessToken build() {
      if (refreshAt != null && expiresAt != null && refreshAt.isAfter(expiresAt)) {
        throw new IllegalStateException(
            "refreshAt " + refreshAt + " must not be after expiresAt " + expiresAt);
      }
      return new AccessToken(this);
    }
  }
}
