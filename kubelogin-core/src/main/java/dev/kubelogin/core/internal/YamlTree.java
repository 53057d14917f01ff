package dev.kubelogin.core.internal;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;

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

  /** The nesting a document may have; deeper ones are refused with their line. */
  static final int MAX_DEPTH = 200;

  /** The largest text read, in characters; kubeconfigs of thousands of clusters are a few MB. */
  static final int MAX_CHARS = 64 * 1024 * 1024;

  private static final String MERGE = Tag.MERGE.getValue();

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
   * Parses the first document of {@code text}.
   *
   * <p>The text is read as a stream of parser events and built without recursion, so its nesting is
   * checked ({@value #MAX_DEPTH} levels) before it can exhaust the stack. An alias shares the value
   * of its anchor instead of copying it, and aliases are counted as go-yaml counts them: a document
   * whose values come mostly from expanding aliases is refused with "document contains excessive
   * aliasing", as kubectl refuses it, so a few hundred bytes cannot stand for gigabytes.
   *
   * @param text YAML or JSON
   * @param sourceName the file name, for messages
   * @throws YamlException with the line and column of a syntax error, or the line of the value that
   *     breaks a limit
   */
  public static YamlTree parse(String text, String sourceName) {
    if (text.length() > MAX_CHARS) {
      throw new YamlException(
          "larger than " + (MAX_CHARS / (1024 * 1024)) + " MiB; not read", 0, 0, null);
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(sourceName)
            .setAllowDuplicateKeys(true)
            .setCodePointLimit(Integer.MAX_VALUE)
            .build();
    Builder builder = new Builder();
    try {
      for (Event event : new Parse(settings).parseString(text)) {
        if (builder.accept(event)) {
          break; // the end of the first document: the rest is not read, as go-yaml does
        }
      }
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      int column = e.getProblemMark().map(m -> m.getColumn() + 1).orElse(0);
      String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
      throw new YamlException(problem.trim(), line, column, e);
    } catch (YamlEngineException e) {
      throw new YamlException(e.getMessage(), 0, 0, e);
    }
    return new YamlTree(builder.root, builder.lines);
  }

  /** What go-yaml v2 allows of a document's values to come from alias expansion. */
  static double allowedAliasRatio(long decodes) {
    long low = 400_000;
    long high = 4_000_000;
    if (decodes <= low) {
      return 0.99;
    }
    if (decodes >= high) {
      return 0.10;
    }
    return 0.99 - 0.89 * ((double) (decodes - low) / (high - low));
  }

  /** A value built, with the number of YAML nodes it stands for (for alias accounting). */
  private record Built(Object value, long nodes) {}

  /** A mapping or sequence being built. */
  private static final class Frame {
    final Map<String, Object> map;
    final List<Object> list;
    final String path;
    final int line;
    final String anchor;
    long nodes = 1;

    /** In a mapping: the key whose value comes next, or null when a key comes next. */
    String key;

    /** In a mapping: whether the value that comes next is a merge key's. */
    boolean merge;

    /** In a mapping: whether this mapping is itself the value of a merge key. */
    final boolean merged;

    Frame(boolean mapping, String path, int line, String anchor, boolean merged) {
      this.map = mapping ? new LinkedHashMap<>() : null;
      this.list = mapping ? null : new ArrayList<>();
      this.path = path;
      this.line = line;
      this.anchor = anchor;
      this.merged = merged;
    }

    String childPath() {
      if (list != null) {
        return path + "[" + list.size() + "]";
      }
      return merge ? path : path.isEmpty() ? key : path + "." + key;
    }
  }

  /** Builds the values of the first document from parser events, without recursion. */
  private static final class Builder {
    final Map<String, Integer> lines = new HashMap<>();
    final Map<String, Built> anchors = new HashMap<>();
    final Deque<Frame> stack = new ArrayDeque<>();
    Object root;
    long decodes;
    long aliasDecodes;

    /** Takes one event; returns true at the end of the first document. */
    boolean accept(Event event) {
      switch (event.getEventId()) {
        case DocumentEnd:
        case StreamEnd:
          return true;
        case MappingStart:
        case SequenceStart:
          open((CollectionStartEvent) event);
          return false;
        case MappingEnd:
        case SequenceEnd:
          close();
          return false;
        case Scalar:
          scalar((ScalarEvent) event);
          return false;
        case Alias:
          alias((AliasEvent) event);
          return false;
        default:
          return false; // stream and document starts, comments
      }
    }

    private void open(CollectionStartEvent event) {
      int line = line(event);
      Frame parent = stack.peek();
      if (parent != null && parent.map != null && parent.key == null) {
        throw new YamlException("a mapping key must be a scalar, not a collection", line, 0, null);
      }
      if (stack.size() >= MAX_DEPTH) {
        throw new YamlException(
            "document nested more than " + MAX_DEPTH + " levels deep", line, 0, null);
      }
      count(1, false, line);
      boolean mergedHere = parent != null && parent.map != null && parent.merge;
      String path = parent == null ? "" : parent.childPath();
      boolean mapping = event.getEventId() == Event.ID.MappingStart;
      if (!mergedHere || !mapping) {
        lines.put(path, line);
      }
      stack.push(new Frame(mapping, path, line, anchorOf(event), mergedHere && mapping));
    }

    private void close() {
      Frame done = stack.pop();
      Object value = done.map != null ? done.map : done.list;
      if (done.anchor != null) {
        anchors.put(done.anchor, new Built(value, done.nodes));
      }
      complete(value, done.nodes, done.line);
    }

    private void scalar(ScalarEvent event) {
      int line = line(event);
      count(1, false, line);
      Frame parent = stack.peek();
      if (parent != null && parent.map != null && parent.key == null) {
        if (isMergeKey(event)) {
          parent.merge = true;
          parent.key = "<<";
        } else {
          parent.key = keyString(YamlScalars.value(event, line));
        }
        return;
      }
      Object value = YamlScalars.value(event, line);
      String anchor = anchorOf(event);
      if (anchor != null) {
        anchors.put(anchor, new Built(value, 1));
      }
      lines.put(parent == null ? "" : parent.childPath(), line);
      complete(value, 1, line);
    }

    private void alias(AliasEvent event) {
      int line = line(event);
      String name = event.getAlias().getValue();
      Built target = anchors.get(name);
      if (target == null) {
        boolean open = stack.stream().anyMatch(f -> name.equals(f.anchor));
        throw new YamlException(
            open
                ? "anchor '" + name + "' value contains itself"
                : "unknown anchor '" + name + "' referenced",
            line,
            0,
            null);
      }
      count(target.nodes(), true, line);
      Frame parent = stack.peek();
      if (parent != null && parent.map != null && parent.key == null) {
        if (!(target.value() instanceof Map) && !(target.value() instanceof List)) {
          parent.key = keyString(target.value());
          return;
        }
        throw new YamlException("a mapping key must be a scalar, not a collection", line, 0, null);
      }
      complete(target.value(), target.nodes(), line);
    }

    /** Attaches a finished value to the collection that holds it, or makes it the root. */
    @SuppressWarnings("unchecked")
    private void complete(Object value, long nodes, int line) {
      Frame parent = stack.peek();
      if (parent == null) {
        root = value;
        return;
      }
      parent.nodes += nodes;
      if (parent.list != null) {
        parent.list.add(value);
        return;
      }
      if (!parent.merge) {
        parent.map.put(parent.key, value);
      } else if (value instanceof Map) {
        // go-yaml v2, and so kubectl, not the YAML merge-key spec: merged entries overwrite the
        // keys before the merge key, the keys after it overwrite them in turn.
        parent.map.putAll((Map<String, Object>) value);
      } else if (value instanceof List) {
        // Of a list of merged mappings the first wins: apply them from the last.
        List<Object> sources = (List<Object>) value;
        for (int i = sources.size() - 1; i >= 0; i--) {
          if (!(sources.get(i) instanceof Map)) {
            throw new YamlException("a merge key needs a mapping", line, 0, null);
          }
          parent.map.putAll((Map<String, Object>) sources.get(i));
        }
      } else {
        throw new YamlException("a merge key needs a mapping", line, 0, null);
      }
      parent.key = null;
      parent.merge = false;
    }

    /** go-yaml's count of decoded values, and of those that came from expanding an alias. */
    private void count(long nodes, boolean fromAlias, int line) {
      decodes += nodes;
      if (fromAlias) {
        aliasDecodes += nodes;
      }
      if (aliasDecodes > 100
          && decodes > 1000
          && (double) aliasDecodes / decodes > allowedAliasRatio(decodes)) {
        throw new YamlException("document contains excessive aliasing", line, 0, null);
      }
    }

    private static String anchorOf(NodeEvent event) {
      return event.getAnchor().map(Anchor::getValue).orElse(null);
    }

    private static int line(Event event) {
      return event.getStartMark().map(Mark::getLine).orElse(-1) + 1;
    }
  }

  /** go-yaml's isMerge: an untagged plain {@code <<}, or any scalar tagged {@code !!merge}. */
  private static boolean isMergeKey(ScalarEvent event) {
    return event
        .getTag()
        .map(MERGE::equals)
        .orElse(event.isPlain() && "<<".equals(event.getValue()));
  }

  private static String keyString(Object key) {
    if (key == null) {
      return "null";
    }
    if (key instanceof Double) {
      return YamlScalars.formatFloat((Double) key);
    }
    return key.toString();
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
