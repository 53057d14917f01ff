package dev.kubelogin.core.kubeconfig;

import dev.kubelogin.core.flags.GoFlags;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code users[].user.exec} stanza: a credential plugin to run.
 *
 * <p>When loaded with the v1alpha1 or v1beta1 API version and no {@code interactiveMode}, the mode
 * is {@code IfAvailable}, as client-go defaults it. Unknown fields are kept. Immutable and
 * thread-safe.
 */
public final class ExecConfig {
  private final Map<String, Object> fields;
  private final Path origin;

  ExecConfig(Map<String, Object> fields, Path origin) {
    this.fields = Values.frozenMap(fields);
    this.origin = origin;
  }

  /** Returns a builder for a plugin run as {@code command} speaking {@code apiVersion}. */
  public static Builder builder(String command, String apiVersion) {
    return new Builder(Values.mutableMap(Map.of()), null).command(command).apiVersion(apiVersion);
  }

  /** Returns a builder with this stanza's fields, unknown ones included. */
  public Builder toBuilder() {
    return new Builder(Values.mutableMap(fields), origin);
  }

  /** {@code command} as written; empty when missing. */
  public String command() {
    return Values.string(fields, "command").orElse("");
  }

  /**
   * The command to run: as written when it is a bare name (looked up on {@code PATH}), otherwise
   * resolved against the directory of the file that defined it.
   */
  public String resolvedCommand() {
    String command = command();
    if (command.indexOf('/') < 0 && command.indexOf(java.io.File.separatorChar) < 0) {
      return command;
    }
    return Values.resolve(origin, command).map(Path::toString).orElse(command);
  }

  /** {@code args}. */
  public List<String> args() {
    return Values.strings(fields, "args");
  }

  /** {@code env} as name/value pairs in file order (later duplicates win when applied). */
  @SuppressWarnings("unchecked")
  public List<Map.Entry<String, String>> env() {
    Object v = fields.get("env");
    if (!(v instanceof List)) {
      return List.of();
    }
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Object o : (List<Object>) v) {
      Map<String, Object> e = o instanceof Map ? (Map<String, Object>) o : Map.of();
      out.add(
          new AbstractMap.SimpleImmutableEntry<>(
              Values.string(e, "name").orElse(""), Values.string(e, "value").orElse("")));
    }
    return Collections.unmodifiableList(out);
  }

  /** {@code apiVersion}: the ExecCredential version the plugin speaks; empty when missing. */
  public String apiVersion() {
    return Values.string(fields, "apiVersion").orElse("");
  }

  /** {@code installHint}. */
  public Optional<String> installHint() {
    return Values.string(fields, "installHint");
  }

  /** {@code provideClusterInfo}. */
  public boolean provideClusterInfo() {
    return Values.bool(fields, "provideClusterInfo");
  }

  /** {@code interactiveMode}: {@code Never}, {@code IfAvailable} or {@code Always} when valid. */
  public Optional<String> interactiveMode() {
    return Values.string(fields, "interactiveMode");
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
    return o instanceof ExecConfig && fields.equals(((ExecConfig) o).fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  /** Shows the command and arguments but no environment values, which may hold secrets. */
  @Override
  public String toString() {
    return "ExecConfig{command=" + command() + ", args=" + GoFlags.masked(args()) + "}";
  }

  /** Builds an {@link ExecConfig}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> fields;
    private final Path origin;

    private Builder(Map<String, Object> fields, Path origin) {
      this.fields = fields;
      this.origin = origin;
    }

    /** Sets {@code command}. */
    public Builder command(String command) {
      Values.put(fields, "command", Objects.requireNonNull(command, "command"));
      return this;
    }

    /** Sets {@code args}. */
    public Builder args(List<String> args) {
      fields.put("args", new ArrayList<Object>(args));
      return this;
    }

    /** Sets {@code env}, in order. */
    public Builder env(List<Map.Entry<String, String>> env) {
      List<Object> list = new ArrayList<>();
      for (Map.Entry<String, String> e : env) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.getKey());
        m.put("value", e.getValue());
        list.add(m);
      }
      fields.put("env", list);
      return this;
    }

    /** Sets {@code apiVersion}. */
    public Builder apiVersion(String apiVersion) {
      Values.put(fields, "apiVersion", apiVersion);
      return this;
    }

    /** Sets {@code installHint}; {@code null} removes it. */
    public Builder installHint(String hint) {
      Values.put(fields, "installHint", hint);
      return this;
    }

    /** Sets {@code provideClusterInfo}. */
    public Builder provideClusterInfo(boolean provide) {
      Values.putBool(fields, "provideClusterInfo", provide);
      return this;
    }

    /** Sets {@code interactiveMode}; {@code null} removes it. */
    public Builder interactiveMode(String mode) {
      Values.put(fields, "interactiveMode", mode);
      return this;
    }

    /** Sets any field by its kubeconfig name; {@code null} removes it. */
    public Builder field(String name, Object value) {
      Values.set(fields, name, value);
      return this;
    }

    /**
     * Returns the exec config.
     *
     * @throws dev.kubelogin.core.InvalidConfigurationException if a field has the wrong type
     */
    public ExecConfig build() {
      Stanzas.check(fields, KubeconfigSchema.EXEC_CONFIG, "exec");
      return new ExecConfig(fields, origin);
    }
  }
}
