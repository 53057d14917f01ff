package dev.kubelogin.core.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Reads YAML (and therefore JSON) into plain Java values the way Kubernetes does: go-yaml v2's YAML
 * 1.1 scalar rules ({@code yes}, {@code off}, {@code y} are booleans, {@code 0777} is octal,
 * timestamps stay strings), then the JSON conversion of sigs.k8s.io/yaml (map keys become strings).
 * Values are {@link LinkedHashMap}, {@link ArrayList}, {@link String}, {@link Boolean}, {@link
 * Long}, {@link BigInteger}, {@link Double} and {@code null}. The line of every value is kept by
 * its path (for example {@code users[0].user.token}) so that errors can name it. Not part of the
 * public API.
 */
public final class YamlTree {

  private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
  private static final Set<String> TRUES =
      Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE");
  private static final Set<String> FALSES =
      Set.of("n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE");
  private static final Pattern FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern INFINITY = Pattern.compile("^[-+]?\\.(inf|Inf|INF)$");
  private static final Pattern NAN = Pattern.compile("^\\.(nan|NaN|NAN)$");
  private static final int MAX_DEPTH = 200;

  /**
   * The tag our schema gives a plain scalar written without a tag, so that it can be told apart
   * from one tagged {@code !!str} or {@code !} (both strings in go-yaml, whatever they look like).
   */
  private static final Tag UNTAGGED_PLAIN = new Tag("tag:kubelogin.dev,2026:untagged-plain");

  /** Every scalar is a string to the composer; {@link #scalar} applies go-yaml's rules after. */
  private static final Schema SCHEMA =
      new Schema() {
        private final ScalarResolver resolver =
            (value, implicit) -> Boolean.TRUE.equals(implicit) ? UNTAGGED_PLAIN : Tag.STR;

        @Override
        public ScalarResolver getScalarResolver() {
          return resolver;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
          return Map.of();
        }
      };

  private final Object root;
  private final Map<String, Integer> lines;

  private YamlTree(Object root, Map<String, Integer> lines) {
    this.root = root;
    this.lines = lines;
  }

  /**
   * The value of the first document; {@code null} for an empty document. Later documents are not
   * read, as go-yaml's {@code Unmarshal} (and so kubectl) does not read them.
   */
  public Object root() {
    return root;
  }

  /** The 1-based line of the value at {@code path}, or 0 when unknown. */
  public int line(String path) {
    return lines.getOrDefault(path, 0);
  }

  /**
   * Parses {@code text}.
   *
   * @param text YAML or JSON
   * @param sourceName the file name, for messages
   * @throws YamlException with the line and column of a syntax error
   */
  public static YamlTree parse(String text, String sourceName) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(sourceName)
            .setSchema(SCHEMA)
            .setAllowDuplicateKeys(true)
            .setMaxAliasesForCollections(1000)
            .build();
    Node node;
    try {
      Iterator<Node> documents = new Compose(settings).composeAllFromString(text).iterator();
      node = documents.hasNext() ? documents.next() : null;
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      int column = e.getProblemMark().map(m -> m.getColumn() + 1).orElse(0);
      String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
      throw new YamlException(problem.trim(), line, column, e);
    } catch (YamlEngineException e) {
      throw new YamlException(e.getMessage(), 0, 0, e);
    }
    Map<String, Integer> lines = new HashMap<>();
    Object root = node == null ? null : convert(node, "", lines, 0);
    return new YamlTree(root, lines);
  }

  private static Object convert(Node node, String path, Map<String, Integer> lines, int depth) {
    if (depth > MAX_DEPTH) {
      throw new YamlException("document nested too deeply", line(node), 0, null);
    }
    lines.put(path, line(node));
    if (node instanceof ScalarNode) {
      return scalar((ScalarNode) node);
    }
    if (node instanceof SequenceNode) {
      List<Node> items = ((SequenceNode) node).getValue();
      List<Object> out = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        out.add(convert(items.get(i), path + "[" + i + "]", lines, depth + 1));
      }
      return out;
    }
    MappingNode mapping = (MappingNode) node;
    Map<String, Object> out = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode)) {
        throw new YamlException(
            "a mapping key must be a scalar, not a " + keyNode.getNodeType(),
            line(keyNode),
            0,
            null);
      }
      if (isMergeKey((ScalarNode) keyNode)) {
        mergeKeys(tuple.getValueNode(), path, out, lines, depth);
        continue;
      }
      String key = keyString(scalar((ScalarNode) keyNode));
      String childPath = path.isEmpty() ? key : path + "." + key;
      out.put(key, convert(tuple.getValueNode(), childPath, lines, depth + 1));
    }
    return out;
  }

  /** go-yaml's isMerge: an untagged plain {@code <<}, or any scalar tagged {@code !!merge}. */
  private static boolean isMergeKey(ScalarNode key) {
    return Tag.MERGE.equals(key.getTag())
        || UNTAGGED_PLAIN.equals(key.getTag()) && "<<".equals(key.getValue());
  }

  /**
   * Applies a merge key as go-yaml v2 does, which is what kubectl reads (not the YAML merge-key
   * spec): the merged entries overwrite keys set earlier in the same mapping, keys after the merge
   * key overwrite them in turn, and of a list of merged mappings the first wins.
   */
  @SuppressWarnings("unchecked")
  private static void mergeKeys(
      Node value, String path, Map<String, Object> out, Map<String, Integer> lines, int depth) {
    List<Node> sources =
        value instanceof SequenceNode ? ((SequenceNode) value).getValue() : List.of(value);
    for (int i = sources.size() - 1; i >= 0; i--) {
      Node source = sources.get(i);
      Object merged = convert(source, path, lines, depth + 1);
      if (!(merged instanceof Map)) {
        throw new YamlException("a merge key needs a mapping", line(source), 0, null);
      }
      out.putAll((Map<String, Object>) merged);
    }
  }

  private static int line(Node node) {
    return node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
  }

  private static String keyString(Object key) {
    if (key == null) {
      return "null";
    }
    if (key instanceof Double) {
      return formatFloat((Double) key);
    }
    return key.toString();
  }

  /** Formats a float the way Go's JSON encoder does for the values YAML can hold. */
  public static String formatFloat(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      return new java.math.BigDecimal(d).toPlainString();
    }
    return Double.toString(d);
  }

  private static Object scalar(ScalarNode node) {
    String v = node.getValue();
    Tag tag = node.getTag();
    if (tag.equals(UNTAGGED_PLAIN)) {
      return resolvePlain(v);
    }
    if (tag.equals(Tag.STR) || !tag.getValue().startsWith(Tag.PREFIX)) {
      // Quoted and block scalars, "!!str" and "!", and local tags such as "!foo": go-yaml keeps
      // their text as a string.
      return v;
    }
    return explicit(tag, v, node);
  }

  private static Object explicit(Tag tag, String v, ScalarNode node) {
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
    throw new YamlException("cannot decode " + v + " as " + tag.getValue(), line(node), 0, null);
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

  /** A syntax error, with the 1-based line and column where it was found (0 when unknown). */
  public static final class YamlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    YamlException(String problem, int line, int column, Throwable cause) {
      super(problem, cause);
      this.line = line;
      this.column = column;
    }

    /** The 1-based line, or 0. */
    public int line() {
      return line;
    }

    /** The 1-based column, or 0. */
    public int column() {
      return column;
    }
  }
}
