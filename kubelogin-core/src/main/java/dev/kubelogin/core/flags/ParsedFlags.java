package dev.kubelogin.core.flags;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values {@link GoFlagSet#parse} read, by long name (a deprecated alias's value is under the
 * flag it stands for). Ignored flags leave nothing here.
 *
 * <p>Immutable and thread-safe.
 */
public final class ParsedFlags {
  private final Map<String, Object> values;
  private final Set<String> given;

  ParsedFlags(Map<String, Object> values, Set<String> given) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.given = Collections.unmodifiableSet(new LinkedHashSet<>(given));
  }

  /** The last value of a string or duration flag, if given. */
  public Optional<String> string(String name) {
    Object v = values.get(name);
    return v instanceof String ? Optional.of((String) v) : Optional.empty();
  }

  /** The value of a boolean flag, if given. */
  public Optional<Boolean> bool(String name) {
    Object v = values.get(name);
    return v instanceof Boolean ? Optional.of((Boolean) v) : Optional.empty();
  }

  /** The values of a slice or array flag in order; empty when not given. */
  @SuppressWarnings("unchecked")
  public List<String> list(String name) {
    Object v = values.get(name);
    return v instanceof List ? (List<String>) v : List.of();
  }

  /** The merged pairs of a {@code k=v} flag, if given. */
  @SuppressWarnings("unchecked")
  public Optional<Map<String, String>> map(String name) {
    Object v = values.get(name);
    return v instanceof Map ? Optional.of((Map<String, String>) v) : Optional.empty();
  }

  /** Whether {@code name} was given on the command line (for an alias: it or the alias). */
  public boolean isGiven(String name) {
    return given.contains(name);
  }

  /** The names given, in the order first given. */
  public Set<String> given() {
    return given;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("ParsedFlags{");
    String sep = "";
    for (Map.Entry<String, Object> e : values.entrySet()) {
      b.append(sep).append(e.getKey()).append('=');
      b.append(GoFlags.isSecret(e.getKey()) ? "***" : e.getValue());
      sep = ", ";
    }
    return b.append('}').toString();
  }
}
