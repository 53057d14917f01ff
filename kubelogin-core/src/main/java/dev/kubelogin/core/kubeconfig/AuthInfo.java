package dev.kubelogin.core.kubeconfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code users[].user} stanza: how to authenticate. Every client-go {@code AuthInfo} field is
 * available, unknown fields are kept, paths are kept as written and resolved on request against the
 * directory of the defining file.
 *
 * <p>Immutable and thread-safe. {@link #toString()} names which kinds of credential are present but
 * never their values.
 */
public final class AuthInfo {
  private final Map<String, Object> fields;
  private final Path origin;

  AuthInfo(Map<String, Object> fields, Path origin) {
    this.fields = Values.frozenMap(fields);
    this.origin = origin;
  }

  /** Returns an empty builder. */
  public static Builder builder() {
    return new Builder(Values.mutableMap(Map.of()), null);
  }

  /** Returns a builder with this stanza's fields, unknown ones included. */
  public Builder toBuilder() {
    return new Builder(Values.mutableMap(fields), origin);
  }

  /** {@code client-certificate} as written. */
  public Optional<String> clientCertificate() {
    return Values.string(fields, "client-certificate");
  }

  /** {@code client-certificate} resolved against the defining file's directory. */
  public Optional<Path> clientCertificatePath() {
    return Values.resolve(origin, clientCertificate().orElse(null));
  }

  /** {@code client-certificate-data}, decoded: PEM bytes. */
  public Optional<byte[]> clientCertificateData() {
    return Values.bytes(fields, "client-certificate-data");
  }

  /** {@code client-key} as written. */
  public Optional<String> clientKey() {
    return Values.string(fields, "client-key");
  }

  /** {@code client-key} resolved against the defining file's directory. */
  public Optional<Path> clientKeyPath() {
    return Values.resolve(origin, clientKey().orElse(null));
  }

  /** {@code client-key-data}, decoded: PEM bytes. Treat as a secret. */
  public Optional<byte[]> clientKeyData() {
    return Values.bytes(fields, "client-key-data");
  }

  /** {@code token}. Treat as a secret. */
  public Optional<String> token() {
    return Values.string(fields, "token");
  }

  /** {@code tokenFile} as written. */
  public Optional<String> tokenFile() {
    return Values.string(fields, "tokenFile");
  }

  /** {@code tokenFile} resolved against the defining file's directory. */
  public Optional<Path> tokenFilePath() {
    return Values.resolve(origin, tokenFile().orElse(null));
  }

  /** {@code as}: the user to impersonate. */
  public Optional<String> impersonate() {
    return Values.string(fields, "as");
  }

  /** {@code as-uid}. */
  public Optional<String> impersonateUid() {
    return Values.string(fields, "as-uid");
  }

  /** {@code as-groups}. */
  public List<String> impersonateGroups() {
    return Values.strings(fields, "as-groups");
  }

  /** {@code as-user-extra}. */
  @SuppressWarnings("unchecked")
  public Map<String, List<String>> impersonateUserExtra() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Values.map(fields, "as-user-extra")
        .forEach(
            (k, v) -> {
              List<String> values = new ArrayList<>();
              if (v instanceof List) {
                ((List<Object>) v).forEach(x -> values.add(x == null ? "" : (String) x));
              }
              out.put(k, Collections.unmodifiableList(values));
            });
    return Collections.unmodifiableMap(out);
  }

  /** {@code username} for basic auth. */
  public Optional<String> username() {
    return Values.string(fields, "username");
  }

  /** {@code password} for basic auth. Treat as a secret. */
  public Optional<String> password() {
    return Values.string(fields, "password");
  }

  /** {@code auth-provider}. */
  @SuppressWarnings("unchecked")
  public Optional<AuthProviderConfig> authProvider() {
    Object v = fields.get("auth-provider");
    if (!(v instanceof Map)) {
      return Optional.empty();
    }
    Map<String, Object> m = (Map<String, Object>) v;
    Map<String, String> config = new LinkedHashMap<>();
    Values.map(m, "config").forEach((k, x) -> config.put(k, x == null ? "" : x.toString()));
    return Optional.of(new AuthProviderConfig(Values.string(m, "name").orElse(""), config));
  }

  /** {@code exec}. */
  @SuppressWarnings("unchecked")
  public Optional<ExecConfig> exec() {
    Object v = fields.get("exec");
    return v instanceof Map
        ? Optional.of(new ExecConfig((Map<String, Object>) v, origin))
        : Optional.empty();
  }

  /** {@code extensions} by name. */
  public Map<String, Object> extensions() {
    return Values.extensions(fields);
  }

  /** Every field, unknown ones included, as plain unmodifiable values. Holds secrets. */
  public Map<String, Object> fields() {
    return fields;
  }

  /** The file that defined this stanza, if it was loaded from one. */
  public Optional<Path> origin() {
    return Optional.ofNullable(origin);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthInfo && fields.equals(((AuthInfo) o).fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    List<String> kinds = new ArrayList<>();
    for (String k :
        new String[] {
          "token",
          "tokenFile",
          "client-certificate",
          "client-certificate-data",
          "username",
          "auth-provider",
          "exec",
          "as"
        }) {
      if (fields.containsKey(k)) {
        kinds.add(k);
      }
    }
    return "AuthInfo{" + String.join(", ", kinds) + "}";
  }

  /** Builds an {@link AuthInfo}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> fields;
    private final Path origin;

    private Builder(Map<String, Object> fields, Path origin) {
      this.fields = fields;
      this.origin = origin;
    }

    /** Sets {@code token}; {@code null} removes it. */
    public Builder token(String token) {
      Values.put(fields, "token", token);
      return this;
    }

    /** Sets {@code tokenFile}; {@code null} removes it. */
    public Builder tokenFile(String path) {
      Values.put(fields, "tokenFile", path);
      return this;
    }

    /** Sets {@code client-certificate} and {@code client-key} paths; {@code null} removes. */
    public Builder clientCertificate(String certificatePath, String keyPath) {
      Values.put(fields, "client-certificate", certificatePath);
      Values.put(fields, "client-key", keyPath);
      return this;
    }

    /** Sets {@code client-certificate-data} and {@code client-key-data}; {@code null} removes. */
    public Builder clientCertificateData(byte[] certificatePem, byte[] keyPem) {
      Values.putBytes(fields, "client-certificate-data", certificatePem);
      Values.putBytes(fields, "client-key-data", keyPem);
      return this;
    }

    /** Sets {@code exec}; {@code null} removes it. */
    public Builder exec(ExecConfig exec) {
      field("exec", exec == null ? null : exec.fields());
      return this;
    }

    /** Sets {@code auth-provider}; {@code null} removes it. */
    public Builder authProvider(AuthProviderConfig provider) {
      field("auth-provider", provider == null ? null : provider.toFields());
      return this;
    }

    /** Sets {@code as}, {@code as-groups}; {@code null} or empty removes them. */
    public Builder impersonate(String user, List<String> groups) {
      Values.put(fields, "as", user);
      field("as-groups", groups == null || groups.isEmpty() ? null : new ArrayList<>(groups));
      return this;
    }

    /** Sets any field by its kubeconfig name; {@code null} removes it. */
    public Builder field(String name, Object value) {
      Values.set(fields, name, value);
      return this;
    }

    /**
     * Returns the user.
     *
     * @throws dev.kubelogin.core.InvalidConfigurationException if a field has the wrong type
     */
    public AuthInfo build() {
      Stanzas.check(fields, KubeconfigSchema.AUTH_INFO, "user");
      return new AuthInfo(fields, origin);
    }
  }
}
