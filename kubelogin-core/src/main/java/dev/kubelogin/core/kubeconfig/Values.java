package dev.kubelogin.core.kubeconfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Immutable copies and typed reads of the plain values a kubeconfig stanza holds. */
final class Values {
  private Values() {}

  /** A deep, unmodifiable copy of a plain value. */
  @SuppressWarnings("unchecked")
  static Object freeze(Object v) {
    if (v instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) v).forEach((k, x) -> copy.put(k, freeze(x)));
      return Collections.unmodifiableMap(copy);
    }
    if (v instanceof List) {
      List<Object> copy = new ArrayList<>();
      ((List<Object>) v).forEach(x -> copy.add(freeze(x)));
      return Collections.unmodifiableList(copy);
    }
    return v;
  }

  /** A deep, mutable copy of a plain value. */
  @SuppressWarnings("unchecked")
  static Object thaw(Object v) {
    if (v instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) v).forEach((k, x) -> copy.put(k, thaw(x)));
      return copy;
    }
    if (v instanceof List) {
      List<Object> copy = new ArrayList<>();
      ((List<Object>) v).forEach(x -> copy.add(thaw(x)));
      return copy;
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> frozenMap(Map<String, Object> m) {
    return (Map<String, Object>) freeze(m == null ? Map.of() : m);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> mutableMap(Map<String, Object> m) {
    return (Map<String, Object>) thaw(m);
  }

  /** A non-empty string field. */
  static Optional<String> string(Map<String, Object> m, String field) {
    Object v = m.get(field);
    return v instanceof String && !((String) v).isEmpty()
        ? Optional.of((String) v)
        : Optional.empty();
  }

  static boolean bool(Map<String, Object> m, String field) {
    return Boolean.TRUE.equals(m.get(field));
  }

  static Optional<byte[]> bytes(Map<String, Object> m, String field) {
    return string(m, field).map(s -> Base64.getMimeDecoder().decode(s));
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(Map<String, Object> m, String field) {
    Object v = m.get(field);
    if (!(v instanceof List)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : (List<Object>) v) {
      out.add(o == null ? "" : (String) o);
    }
    return Collections.unmodifiableList(out);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> m, String field) {
    Object v = m.get(field);
    return v instanceof Map ? (Map<String, Object>) v : Map.of();
  }

  /** The {@code extensions} list as a name-to-value map, in file order. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> extensions(Map<String, Object> m) {
    Object v = m.get("extensions");
    if (!(v instanceof List)) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Object o : (List<Object>) v) {
      if (o instanceof Map) {
        Map<String, Object> e = (Map<String, Object>) o;
        Object name = e.get("name");
        out.putIfAbsent(name == null ? "" : name.toString(), e.get("extension"));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** Sets any field to a copy of a plain value, or removes it when {@code value} is null. */
  static void set(Map<String, Object> m, String field, Object value) {
    if (value == null) {
      m.remove(field);
    } else {
      m.put(field, thaw(value));
    }
  }

  /** Sets or removes ({@code null} or empty) a string field. */
  static void put(Map<String, Object> m, String field, String value) {
    if (value == null || value.isEmpty()) {
      m.remove(field);
    } else {
      m.put(field, value);
    }
  }

  static void putBool(Map<String, Object> m, String field, boolean value) {
    if (value) {
      m.put(field, Boolean.TRUE);
    } else {
      m.remove(field);
    }
  }

  static void putBytes(Map<String, Object> m, String field, byte[] value) {
    put(
        m,
        field,
        value == null || value.length == 0 ? null : Base64.getEncoder().encodeToString(value));
  }

  /** Resolves a path written in a kubeconfig against the directory of the file that defined it. */
  static Optional<Path> resolve(Path origin, String written) {
    if (written == null || written.isEmpty()) {
      return Optional.empty();
    }
    Path p = Path.of(written);
    if (p.isAbsolute() || origin == null) {
      return Optional.of(p);
    }
    Path dir = origin.toAbsolutePath().getParent();
    return Optional.of(dir == null ? p : dir.resolve(p).normalize());
  }
}
