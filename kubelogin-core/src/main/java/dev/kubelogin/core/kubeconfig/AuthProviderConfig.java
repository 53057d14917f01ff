package dev.kubelogin.core.kubeconfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code users[].user.auth-provider} stanza: a named provider and its string settings (for {@code
 * oidc}: {@code idp-issuer-url}, {@code client-id}, {@code id-token}, {@code refresh-token}, …).
 * Immutable and thread-safe; {@link #toString()} shows only the name, since the settings hold
 * tokens.
 */
public final class AuthProviderConfig {
  private final String name;
  private final Map<String, String> config;

  /**
   * @param name the provider name, e.g. {@code oidc}
   * @param config the settings
   */
  public AuthProviderConfig(String name, Map<String, String> config) {
    this.name = Objects.requireNonNull(name, "name");
    this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  /** The provider name. */
  public String name() {
    return name;
  }

  /** The settings; treat values as secrets. */
  public Map<String, String> config() {
    return config;
  }

  /** Returns a copy with {@code key} set to {@code value} ({@code null} removes it). */
  public AuthProviderConfig with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(config);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return new AuthProviderConfig(name, copy);
  }

  Map<String, Object> toFields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    if (!config.isEmpty()) {
      m.put("config", new LinkedHashMap<String, Object>(config));
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthProviderConfig
        && name.equals(((AuthProviderConfig) o).name)
        && config.equals(((AuthProviderConfig) o).config);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, config);
  }

  @Override
  public String toString() {
    return "AuthProviderConfig{name=" + name + "}";
  }
}
