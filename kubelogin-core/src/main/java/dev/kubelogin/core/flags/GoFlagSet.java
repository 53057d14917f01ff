package dev.kubelogin.core.flags;

import dev.kubelogin.core.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The flags of one Go command, parsed with pflag's rules and messages: {@code --flag=value} and
 * {@code --flag value}; shorthands as {@code -l spn}, {@code -lspn} or {@code -l=spn}; booleans
 * take a value only with {@code =}; slices, arrays and maps accumulate; {@code --} ends the flags
 * and nothing may follow it; a positional argument is an error. Each error is an {@link
 * InvalidConfigurationException} whose message starts with the command, as the Go tools print it:
 * {@code get-token: unknown flag: --x}.
 *
 * <p>Immutable and thread-safe.
 */
public final class GoFlagSet {
  private final String command;
  private final List<GoFlag> flags;
  private final Map<String, GoFlag> byName = new LinkedHashMap<>();
  private final Map<Character, GoFlag> byShorthand = new LinkedHashMap<>();
  private final boolean singleDashLongNames;

  private GoFlagSet(String command, List<GoFlag> flags, boolean singleDashLongNames) {
    this.command = command;
    this.flags = List.copyOf(flags);
    this.singleDashLongNames = singleDashLongNames;
    for (GoFlag f : this.flags) {
      if (byName.put(f.name(), f) != null) {
        throw new IllegalArgumentException("flag declared twice: --" + f.name());
      }
      f.shorthand()
          .ifPresent(
              c -> {
                if (byShorthand.put(c, f) != null) {
                  throw new IllegalArgumentException("shorthand declared twice: -" + c);
                }
              });
    }
  }

  /**
   * The flags of {@code command} (the name its messages start with). A single dash introduces a
   * shorthand, as in pflag.
   *
   * @throws IllegalArgumentException when a name or shorthand is declared twice
   */
  public static GoFlagSet of(String command, List<GoFlag> flags) {
    return new GoFlagSet(command, flags, false);
  }

  /**
   * This set, where a single dash that starts no declared shorthand introduces a long name ({@code
   * -oidc-issuer-url=…}) instead of being an unknown shorthand; int128's get-token accepts that.
   */
  public GoFlagSet withSingleDashLongNames() {
    return new GoFlagSet(command, flags, true);
  }

  /** This set with {@code more} flags, under the name {@code otherCommand}. */
  public GoFlagSet plus(String otherCommand, List<GoFlag> more) {
    List<GoFlag> all = new ArrayList<>(flags);
    all.addAll(more);
    return new GoFlagSet(otherCommand, all, singleDashLongNames);
  }

  /** The command name that starts every message. */
  public String command() {
    return command;
  }

  /** The flags, in declaration order (the order of help). */
  public List<GoFlag> flags() {
    return flags;
  }

  /** The flag called {@code name} (long name without dashes), if declared. */
  public Optional<GoFlag> flag(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The flag with the one-letter {@code shorthand}, if declared. */
  public Optional<GoFlag> shorthand(char shorthand) {
    return Optional.ofNullable(byShorthand.get(shorthand));
  }

  /**
   * Parses {@code args}.
   *
   * @throws InvalidConfigurationException for an unknown or removed flag, a missing or malformed
   *     value, or a positional argument
   */
  public ParsedFlags parse(List<String> args) {
    Map<String, Object> values = new LinkedHashMap<>();
    Set<String> given = new LinkedHashSet<>();
    walk(
        args,
        (flag, value, first, last) -> {
          if (flag.kind() == GoFlag.Kind.BOOL) {
            // checked even when ignored: pflag rejects --logtostderr=maybe too
            boolean b = value == null || GoFlags.parseBool(command, flag.name(), value);
            if (!flag.isIgnored()) {
              store(flag, b, values, given);
            }
          } else if (!flag.isIgnored()) {
            store(flag, value(flag, value, values), values, given);
          }
        });
    return new ParsedFlags(values, given);
  }

  /**
   * {@code args} without the occurrences of the flags called {@code names}, each with its value
   * ({@code --password x}, {@code --password=x}): setup's own flags taken out of a get-token
   * command line, say.
   *
   * @throws InvalidConfigurationException when {@code args} do not {@linkplain #parse parse}
   */
  public List<String> without(List<String> args, Set<String> names) {
    List<String> kept = new ArrayList<>();
    int end =
        walk(
            args,
            (flag, value, first, last) -> {
              if (!names.contains(flag.name())) {
                kept.addAll(args.subList(first, last + 1));
              }
            });
    kept.addAll(args.subList(end, args.size()));
    return kept;
  }

  /** One flag occurrence: the flag, its value (null for a bare boolean), its arguments' span. */
  private interface Occurrence {
    void accept(GoFlag flag, String value, int first, int last);
  }

  /**
   * Reads {@code args} with pflag's rules, telling {@code occurrence} each flag; returns the index
   * of a final {@code --}, else the size.
   */
  private int walk(List<String> args, Occurrence occurrence) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        if (i + 1 < args.size()) {
          throw error("unexpected argument \"" + args.get(i + 1) + "\"");
        }
        return i;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        throw error("unexpected argument \"" + arg + "\"");
      }
      GoFlag flag;
      String value = null;
      GoFlag shorthand = arg.startsWith("--") ? null : byShorthand.get(arg.charAt(1));
      if (shorthand != null) {
        flag = shorthand;
        String rest = arg.substring(2);
        if (!rest.isEmpty()) {
          value = rest.startsWith("=") ? rest.substring(1) : rest;
        }
      } else if (arg.startsWith("--") || singleDashLongNames) {
        String body = arg.substring(arg.startsWith("--") ? 2 : 1);
        int eq = body.indexOf('=');
        String name = eq >= 0 ? body.substring(0, eq) : body;
        if (eq >= 0) {
          value = body.substring(eq + 1);
        }
        flag = byName.get(name);
        if (flag == null) {
          throw error("unknown flag: --" + name);
        }
      } else {
        throw error("unknown shorthand flag: '" + arg.charAt(1) + "' in " + arg);
      }
      if (flag.removedInFavourOf().isPresent()) {
        throw error(
            "--"
                + flag.name()
                + " was removed from kubelogin; use "
                + flag.removedInFavourOf().get());
      }
      int first = i;
      if (value == null && flag.kind() != GoFlag.Kind.BOOL) {
        if (i + 1 >= args.size()) {
          throw error("flag needs an argument: --" + flag.name());
        }
        value = args.get(++i);
      }
      occurrence.accept(flag, value, first, i);
    }
    return args.size();
  }

  private Object value(GoFlag flag, String value, Map<String, Object> values) {
    String key = flag.aliasFor().orElse(flag.name());
    switch (flag.kind()) {
      case DURATION:
        if (GoDuration.parse(value).isEmpty()) {
          throw error(
              "invalid argument \"" + value + "\" for --" + flag.name() + ": not a Go duration");
        }
        return value;
      case STRING_SLICE:
        return appended(values.get(key), splitCsv(value));
      case STRING_ARRAY:
        return appended(values.get(key), List.of(value));
      case STRING_TO_STRING:
        @SuppressWarnings("unchecked")
        Map<String, String> before = (Map<String, String>) values.get(key);
        Map<String, String> m =
            before == null ? new LinkedHashMap<>() : new LinkedHashMap<>(before);
        for (String pair : splitCsv(value)) {
          int e = pair.indexOf('=');
          if (e < 0) {
            throw error(
                "invalid argument \"" + value + "\" for --" + flag.name() + ": must be key=value");
          }
          m.put(pair.substring(0, e), pair.substring(e + 1));
        }
        return Collections.unmodifiableMap(m);
      default:
        return value;
    }
  }

  private static List<String> appended(Object before, List<String> more) {
    @SuppressWarnings("unchecked")
    List<String> all = before == null ? new ArrayList<>() : new ArrayList<>((List<String>) before);
    all.addAll(more);
    return List.copyOf(all);
  }

  private static void store(
      GoFlag flag, Object value, Map<String, Object> values, Set<String> given) {
    String key = flag.aliasFor().orElse(flag.name());
    values.put(key, value);
    given.add(flag.name());
    given.add(key);
  }

  private InvalidConfigurationException error(String message) {
    return new InvalidConfigurationException(command + ": " + message);
  }

  /** pflag's CSV split: commas separate values; double quotes protect commas. */
  static List<String> splitCsv(String value) {
    List<String> out = new ArrayList<>();
    if (value.isEmpty()) {
      return out;
    }
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < value.length() && value.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
