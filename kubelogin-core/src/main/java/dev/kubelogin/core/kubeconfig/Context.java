package dev.kubelogin.core.kubeconfig;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code contexts[].context} stanza: a cluster, a user and a namespace. Unknown fields are kept.
 * Immutable and thread-safe.
 */
public final class Context {
  private final Map<String, Object> fields;
  private final Path origin;

  Context(Map<String, Object> fields, Path origin) {
    this.fields = Values.frozenMap(fields);
    this.origin = origin;
  }

  /** Returns a builder for a context of {@code cluster} and {@code user}. */
  public static Builder builder(String cluster, String user) {
    return new Builder(Values.mutableMap(Map.of()), null).cluster(cluster).user(user);
  }

  /** Returns a builder with this stanza's fields, unknown ones included. */
  public Builder toBuilder() {
    return new Builder(Values.mutableMap(fields), origin);
  }

  /** {@code cluster}: the name of the cluster entry; empty when missing. */
  public String cluster() {
    return Values.string(fields, "cluster").orElse("");
  }

  /** {@code user}: the name of the user entry; empty when missing. */
  public String user() {
    return Values.string(fields, "user").orElse("");
  }

  /** {@code namespace}. */
  public Optional<String> namespace() {
    return Values.string(fields, "namespace");
  }

  /** {@code extensions} by name. */
  public Map<String, Object> extensions() {
    return Values.extensions(fields);
  }

  /** Every field, unknown ones included, as plain unmodifiable values. */
  public Map<String, Object> fields() {
    return fields;
  }

  /** The file that defined this stanza, if it was loaded from one. */
  public Optional<Path> origin() {
    return Optional.ofNullable(origin);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Context && fields.equals(((Context) o).fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "Context{cluster=" + cluster() + ", user=" + user() + ", namespace=" + namespace() + "}";
  }

  /** Builds a {@link Context}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> fields;
    private final Path origin;

    private Builder(Map<String, Object> fields, Path origin) {
      this.fields = fields;
      this.origin = origin;
    }

    /** Sets {@code cluster}. */
    public Builder cluster(String cluster) {
      Values.put(fields, "cluster", cluster);
      return this;
    }

    /** Sets {@code user}. */
    public Builder user(String user) {
      Values.put(fields, "user", user);
      return this;
    }

    /** Sets {@code namespace}; {@code null} removes it. */
    public Builder namespace(String namespace) {
      Values.put(fields, "namespace", namespace);
      return this;
    }

    /** Sets any field by its kubeconfig name; {@code null} removes it. */
    public Builder field(String name, Object value) {
      Values.set(fields, name, value);
      return this;
    }

    /**
     * Returns the context.
     *
     * @throws dev.kubelogin.core.InvalidConfigurationException if a field has the wrong type
     */
    public Context build() {
      Stanzas.check(fields, KubeconfigSchema.CONTEXT, "context");
      return new Context(fields, origin);
    }
  }
}
