package dev.kubelogin.core.kubeconfig;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code clusters[].cluster} stanza: how to reach an API server.
 *
 * <p>Every field of the file is kept, including ones this library does not know, so writing the
 * stanza back loses nothing. Paths are kept as written; the {@code …Path()} accessors resolve them
 * against the directory of the file that defined the stanza, as client-go does. Immutable and
 * thread-safe.
 */
public final class Cluster {
  private final Map<String, Object> fields;
  private final Path origin;

  Cluster(Map<String, Object> fields, Path origin) {
    this.fields = Values.frozenMap(fields);
    this.origin = origin;
  }

  /** Returns a builder for a cluster at {@code server}. */
  public static Builder builder(String server) {
    return new Builder(Values.mutableMap(Map.of()), null).server(server);
  }

  /** Returns a builder with this stanza's fields, unknown ones included. */
  public Builder toBuilder() {
    return new Builder(Values.mutableMap(fields), origin);
  }

  /** {@code server}: the API server URL; empty when missing. */
  public String server() {
    return Values.string(fields, "server").orElse("");
  }

  /** {@code tls-server-name}. */
  public Optional<String> tlsServerName() {
    return Values.string(fields, "tls-server-name");
  }

  /** {@code insecure-skip-tls-verify}. */
  public boolean insecureSkipTlsVerify() {
    return Values.bool(fields, "insecure-skip-tls-verify");
  }

  /** {@code certificate-authority} as written. */
  public Optional<String> certificateAuthority() {
    return Values.string(fields, "certificate-authority");
  }

  /** {@code certificate-authority} resolved against the defining file's directory. */
  public Optional<Path> certificateAuthorityPath() {
    return Values.resolve(origin, certificateAuthority().orElse(null));
  }

  /** {@code certificate-authority-data}, decoded: the PEM bytes. */
  public Optional<byte[]> certificateAuthorityData() {
    return Values.bytes(fields, "certificate-authority-data");
  }

  /** {@code proxy-url}. */
  public Optional<String> proxyUrl() {
    return Values.string(fields, "proxy-url");
  }

  /** {@code disable-compression}. */
  public boolean disableCompression() {
    return Values.bool(fields, "disable-compression");
  }

  /** {@code extensions} by name; values are plain maps, lists, strings, numbers, booleans. */
  public Map<String, Object> extensions() {
    return Values.extensions(fields);
  }

  /** Every field as read or set, unknown ones included, as plain unmodifiable values. */
  public Map<String, Object> fields() {
    return fields;
  }

  /** The file that defined this stanza, if it was loaded from one. */
  public Optional<Path> origin() {
    return Optional.ofNullable(origin);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cluster && fields.equals(((Cluster) o).fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "Cluster{server=" + server() + ", origin=" + origin + "}";
  }

  /** Builds a {@link Cluster}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> fields;
    private final Path origin;

    private Builder(Map<String, Object> fields, Path origin) {
      this.fields = fields;
      this.origin = origin;
    }

    /** Sets {@code server}. */
    public Builder server(String server) {
      Values.put(fields, "server", Objects.requireNonNull(server, "server"));
      return this;
    }

    /** Sets {@code tls-server-name}; {@code null} removes it. */
    public Builder tlsServerName(String name) {
      Values.put(fields, "tls-server-name", name);
      return this;
    }

    /** Sets {@code insecure-skip-tls-verify}. */
    public Builder insecureSkipTlsVerify(boolean insecure) {
      Values.putBool(fields, "insecure-skip-tls-verify", insecure);
      return this;
    }

    /** Sets {@code certificate-authority} (a path); {@code null} removes it. */
    public Builder certificateAuthority(String path) {
      Values.put(fields, "certificate-authority", path);
      return this;
    }

    /** Sets {@code certificate-authority-data} from PEM bytes; {@code null} removes it. */
    public Builder certificateAuthorityData(byte[] pem) {
      Values.putBytes(fields, "certificate-authority-data", pem);
      return this;
    }

    /** Sets {@code proxy-url}; {@code null} removes it. */
    public Builder proxyUrl(String url) {
      Values.put(fields, "proxy-url", url);
      return this;
    }

    /** Sets {@code disable-compression}. */
    public Builder disableCompression(boolean disable) {
      Values.putBool(fields, "disable-compression", disable);
      return this;
    }

    /**
     * Sets any field by its kubeconfig name to a plain value; {@code null} removes it.
     *
     * @throws dev.kubelogin.core.InvalidConfigurationException at {@link #build()} if the value has
     *     the wrong type for a known field
     */
    public Builder field(String name, Object value) {
      Values.set(fields, name, value);
      return this;
    }

    /**
     * Returns the cluster.
     *
     * @throws dev.kubelogin.core.InvalidConfigurationException if a field has the wrong type
     */
    public Cluster build() {
      Stanzas.check(fields, KubeconfigSchema.CLUSTER, "cluster");
      return new Cluster(fields, origin);
    }
  }
}
