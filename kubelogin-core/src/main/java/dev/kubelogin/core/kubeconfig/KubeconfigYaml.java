package dev.kubelogin.core.kubeconfig;

import dev.kubelogin.core.internal.YamlScalars;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes kubeconfig trees as kubectl does: block YAML, keys sorted, named lists sorted by name, and
 * any string that YAML 1.1 would read as something else quoted.
 */
final class KubeconfigYaml {
  private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d{1,2}-\\d{1,2}([Tt ].*)?$");
  private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

  private KubeconfigYaml() {}

  /** A {@code [{name, <valueField>}]} list sorted by name. */
  static List<Object> namedList(Map<String, ?> byName, String valueField) {
    List<Object> out = new ArrayList<>();
    new TreeMap<>(byName)
        .forEach(
            (name, value) -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("name", name);
              m.put(valueField, Values.thaw(value));
              out.add(m);
            });
    return out;
  }

  /** A mutable copy of {@code fields} with only the schema's fields, recursively. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> known(Map<String, Object> fields, KubeconfigSchema.Struct struct) {
    Map<String, Object> out = new LinkedHashMap<>();
    fields.forEach(
        (k, v) -> {
          KubeconfigSchema.Field f = struct.fields.get(k);
          if (f == null) {
            return;
          }
          if (f.kind == KubeconfigSchema.Kind.STRUCT && v instanceof Map) {
            out.put(k, known((Map<String, Object>) v, f.struct));
          } else if (f.kind == KubeconfigSchema.Kind.STRUCT_LIST && v instanceof List) {
            List<Object> items = new ArrayList<>();
            for (Object item : (List<Object>) v) {
              items.add(item instanceof Map ? known((Map<String, Object>) item, f.struct) : item);
            }
            out.put(k, items);
          } else {
            out.put(k, Values.thaw(v));
          }
        });
    return out;
  }

  /** Serializes a plain tree as block YAML. */
  static String write(Map<String, Object> tree) {
    StringBuilder out = new StringBuilder();
    writeMap(tree, 0, out);
    return out.toString();
  }

  private static void writeMap(Map<String, Object> map, int indent, StringBuilder out) {
    writeEntries(map, indent, out, false);
  }

  @SuppressWarnings("unchecked")
  private static void writeValue(Object v, int indent, StringBuilder out) {
    if (v instanceof Map && !((Map<String, Object>) v).isEmpty()) {
      out.append('\n');
      writeMap((Map<String, Object>) v, indent + 2, out);
    } else if (v instanceof List && !((List<Object>) v).isEmpty()) {
      out.append('\n');
      for (Object item : (List<Object>) v) {
        pad(out, indent);
        out.append("- ");
        if (item instanceof Map && !((Map<String, Object>) item).isEmpty()) {
          writeMapInline((Map<String, Object>) item, indent + 2, out);
        } else if (item instanceof List && !((List<Object>) item).isEmpty()) {
          out.setLength(out.length() - 1);
          writeValue(item, indent + 2, out);
        } else {
          out.append(plain(item)).append('\n');
        }
      }
    } else {
      out.append(' ').append(plain(v)).append('\n');
    }
  }

  /** A map that starts on the line of its "- ". */
  private static void writeMapInline(Map<String, Object> map, int indent, StringBuilder out) {
    writeEntries(map, indent, out, true);
  }

  private static void writeEntries(
      Map<String, Object> map, int indent, StringBuilder out, boolean firstInline) {
    boolean first = true;
    for (Map.Entry<String, Object> e : new TreeMap<>(map).entrySet()) {
      if (!(first && firstInline)) {
        pad(out, indent);
      }
      first = false;
      out.append(scalar(e.getKey())).append(':');
      writeValue(e.getValue(), indent, out);
    }
  }

  private static void pad(StringBuilder out, int indent) {
    for (int i = 0; i < indent; i++) {
      out.append(' ');
    }
  }

  @SuppressWarnings("unchecked")
  private static String plain(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map) {
      return "{}";
    }
    if (v instanceof List) {
      return "[]";
    }
    if (v instanceof Boolean
        || v instanceof Long
        || v instanceof Integer
        || v instanceof BigInteger) {
      return v.toString();
    }
    if (v instanceof Double) {
      double d = (Double) v;
      if (Double.isNaN(d)) {
        return ".nan";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? ".inf" : "-.inf";
      }
      return YamlScalars.formatFloat(d);
    }
    return scalar(v.toString());
  }

  /** A string, quoted when a YAML 1.1 reader would not read it back as the same string. */
  static String scalar(String s) {
    if (needsQuotes(s)) {
      return quote(s);
    }
    return s;
  }

  private static boolean needsQuotes(String s) {
    if (s.isEmpty()) {
      return true;
    }
    if (!(YamlScalars.resolvePlain(s) instanceof String)) {
      return true;
    }
    char first = s.charAt(0);
    if (INDICATORS.indexOf(first) >= 0 || Character.isWhitespace(first)) {
      return true;
    }
    if (Character.isWhitespace(s.charAt(s.length() - 1)) || s.endsWith(":")) {
      return true;
    }
    if (s.contains(": ") || s.contains(" #") || s.equals("<<") || TIMESTAMP.matcher(s).matches()) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20
          || c == 0x7f
          || c == '\u0085'
          || c == '\u2028'
          || c == '\u2029'
          || c == '\ufeff') {
        return true;
      }
    }
    return false;
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
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
        case '\t':
          b.append("\\t");
          break;
        case '\r':
          b.append("\\r");
          break;
        default:
          if (c < 0x20
              || c == 0x7f
              || c == '\u0085'
              || c == '\u2028'
              || c == '\u2029'
              || c == '\ufeff') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.append('"').toString();
  }
}
