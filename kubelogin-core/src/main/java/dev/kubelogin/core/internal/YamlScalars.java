package dev.kubelogin.core.internal;

import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * go-yaml v2's YAML 1.1 scalar rules, as {@link YamlTree} reads scalars and a writer decides which
 * strings to quote: {@code yes}, {@code off}, {@code y} are booleans, {@code 0777} is octal,
 * timestamps stay strings. Not part of the public API.
 */
public final class YamlScalars {
  private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
  private static final Set<String> TRUES =
      Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE");
  private static final Set<String> FALSES =
      Set.of("n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE");
  private static final Pattern FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern INFINITY = Pattern.compile("^[-+]?\\.(inf|Inf|INF)$");
  private static final Pattern NAN = Pattern.compile("^\\.(nan|NaN|NAN)$");

  private static final String STR = Tag.STR.getValue();

  private YamlScalars() {}

  /** Formats a float the way Go's JSON encoder does for the values YAML can hold. */
  public static String formatFloat(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      return new java.math.BigDecimal(d).toPlainString();
    }
    return Double.toString(d);
  }

  /** The value of a scalar event: by its tag, else by the plain rules when unquoted. */
  static Object value(ScalarEvent event, int line) {
    String v = event.getValue();
    Optional<String> tag = event.getTag();
    if (tag.isEmpty()) {
      return event.isPlain() ? resolvePlain(v) : v;
    }
    String t = tag.get();
    if (t.equals(STR) || !t.startsWith(Tag.PREFIX)) {
      // "!!str", the non-specific "!", and local tags such as "!foo": go-yaml keeps their text as
      // a string whatever it looks like.
      return v;
    }
    Tag parsed;
    try {
      parsed = new Tag(t);
    } catch (IllegalArgumentException e) {
      throw new YamlTree.YamlException("invalid tag \"" + t + "\"", line, 0, e);
    }
    return explicit(parsed, v, line);
  }

  private static Object explicit(Tag tag, String v, int line) {
    if (tag.equals(Tag.STR)) {
      return v;
    }
    Object resolved = resolvePlain(v);
    if (tag.equals(Tag.BOOL) && resolved instanceof Boolean
        || tag.equals(Tag.INT) && (resolved instanceof Long || resolved instanceof BigInteger)
        || tag.equals(Tag.FLOAT) && (resolved instanceof Number)
        || tag.equals(Tag.NULL) && resolved == null) {
      return tag.equals(Tag.FLOAT) ? ((Number) resolved).doubleValue() : resolved;
    }
    if (tag.getValue().equals(Tag.PREFIX + "binary")
        || tag.getValue().equals(Tag.PREFIX + "timestamp")) {
      return v;
    }
    throw new YamlTree.YamlException("cannot decode " + v + " as " + tag.getValue(), line, 0, null);
  }

  /**
   * Resolves an unquoted scalar with go-yaml v2's YAML 1.1 rules; a writer quotes a string whenever
   * this is not a {@link String}.
   */
  public static Object resolvePlain(String v) {
    if (NULLS.contains(v)) {
      return null;
    }
    if (TRUES.contains(v)) {
      return Boolean.TRUE;
    }
    if (FALSES.contains(v)) {
      return Boolean.FALSE;
    }
    if (INFINITY.matcher(v).matches()) {
      return v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (NAN.matcher(v).matches()) {
      return Double.NaN;
    }
    char c = v.charAt(0);
    if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) {
      return v;
    }
    String plain = v.replace("_", "");
    BigInteger integer = parseGoInt(plain);
    if (integer != null) {
      return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
    }
    if (FLOAT.matcher(plain).matches()) {
      try {
        return Double.parseDouble(plain);
      } catch (NumberFormatException e) {
        return v;
      }
    }
    return v;
  }

  /** Go's strconv.ParseInt/ParseUint with base 0 (prefixes 0x, 0o, 0b and a leading 0). */
  private static BigInteger parseGoInt(String s) {
    String body = s;
    boolean negative = false;
    if (body.startsWith("+") || body.startsWith("-")) {
      negative = body.charAt(0) == '-';
      body = body.substring(1);
    }
    if (body.isEmpty()) {
      return null;
    }
    int radix = 10;
    if (body.length() > 1 && body.charAt(0) == '0') {
      char p = Character.toLowerCase(body.charAt(1));
      if (p == 'x') {
        radix = 16;
        body = body.substring(2);
      } else if (p == 'b') {
        radix = 2;
        body = body.substring(2);
      } else if (p == 'o') {
        radix = 8;
        body = body.substring(2);
      } else {
        radix = 8;
        body = body.substring(1);
      }
    }
    if (body.isEmpty()) {
      return null;
    }
    for (int i = 0; i < body.length(); i++) {
      if (Character.digit(body.charAt(i), radix) < 0) {
        return null;
      }
    }
    BigInteger value = new BigInteger(body, radix);
    value = negative ? value.negate() : value;
    // ParseInt covers int64, ParseUint up to uint64.
    if (value.bitLength() > 64 || (value.signum() < 0 && value.bitLength() > 63)) {
      return null;
    }
    return value;
  }
}
