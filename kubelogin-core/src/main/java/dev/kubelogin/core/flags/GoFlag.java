package dev.kubelogin.core.flags;

import java.util.Objects;
import java.util.Optional;

/**
 * One flag of a Go tool's command line, declared as the tool declares it with pflag: its long name,
 * kind, optional one-letter shorthand, and the value label and usage text its help shows. Whether
 * its value is a secret follows from the name ({@link GoFlags#isSecret}), so it is decided once for
 * every flag.
 *
 * <p>Immutable and thread-safe; the {@code with…} methods return changed copies.
 */
public final class GoFlag {
  /** How a flag takes its value, with pflag's rules for each. */
  public enum Kind {
    /** One value; a later occurrence replaces it. */
    STRING,
    /**
     * {@code --flag} or {@code --flag=BOOL} ({@code strconv.ParseBool}); never the next argument.
     */
    BOOL,
    /** A Go duration ({@link GoFlags#parseDuration}); otherwise as {@link #STRING}. */
    DURATION,
    /** pflag's {@code StringSlice}: values split on commas (quotes protect them) and accumulate. */
    STRING_SLICE,
    /** pflag's {@code StringArray}: each occurrence adds one value, commas and all. */
    STRING_ARRAY,
    /** pflag's {@code StringToString}: {@code k=v} pairs split on commas; occurrences merge. */
    STRING_TO_STRING
  }

  private final String name;
  private final Kind kind;
  private final Character shorthand;
  private final String valueLabel;
  private final String usage;
  private final boolean ignored;
  private final boolean hidden;
  private final String aliasOf;
  private final String removedFor;

  private GoFlag(
      String name,
      Kind kind,
      Character shorthand,
      String valueLabel,
      String usage,
      boolean ignored,
      boolean hidden,
      String aliasOf,
      String removedFor) {
    this.name = Objects.requireNonNull(name);
    this.kind = Objects.requireNonNull(kind);
    this.shorthand = shorthand;
    this.valueLabel = valueLabel;
    this.usage = Objects.requireNonNull(usage);
    this.ignored = ignored;
    this.hidden = hidden;
    this.aliasOf = aliasOf;
    this.removedFor = removedFor;
  }

  /** A flag of {@code kind} that takes a value shown as {@code valueLabel} in help. */
  public static GoFlag of(String name, Kind kind, String valueLabel, String usage) {
    if (kind == Kind.BOOL) {
      throw new IllegalArgumentException("a boolean flag has no value label: use GoFlag.bool");
    }
    return new GoFlag(
        name, kind, null, Objects.requireNonNull(valueLabel), usage, false, false, null, null);
  }

  /** A {@link Kind#STRING} flag. */
  public static GoFlag string(String name, String valueLabel, String usage) {
    return of(name, Kind.STRING, valueLabel, usage);
  }

  /** A {@link Kind#BOOL} flag. */
  public static GoFlag bool(String name, String usage) {
    return new GoFlag(name, Kind.BOOL, null, null, usage, false, false, null, null);
  }

  /**
   * A flag the tool no longer has: using it is an error that names {@code replacement} (int128's
   * message for its removed flags).
   */
  public static GoFlag removed(String name, String replacement) {
    return new GoFlag(
        name,
        Kind.STRING,
        null,
        "VALUE",
        "Removed: use " + replacement,
        false,
        true,
        null,
        Objects.requireNonNull(replacement));
  }

  /**
   * This flag with the one-letter {@code shorthand} ({@code -l spn}, {@code -lspn}, {@code
   * -l=spn}).
   */
  public GoFlag withShorthand(char shorthand) {
    return new GoFlag(
        name, kind, shorthand, valueLabel, usage, ignored, hidden, aliasOf, removedFor);
  }

  /**
   * This flag accepted and dropped: klog's logging flags, which both Go tools take and this library
   * leaves to SLF4J.
   */
  public GoFlag ignored() {
    return new GoFlag(name, kind, shorthand, valueLabel, usage, true, hidden, aliasOf, removedFor);
  }

  /** This flag left out of help and completion (it still parses). */
  public GoFlag hidden() {
    return new GoFlag(name, kind, shorthand, valueLabel, usage, ignored, true, aliasOf, removedFor);
  }

  /**
   * This flag as a deprecated alias: its value is stored as {@code flagName}'s, and both count as
   * given.
   */
  public GoFlag aliasOf(String flagName) {
    return new GoFlag(
        name, kind, shorthand, valueLabel, usage, ignored, hidden, flagName, removedFor);
  }

  /** The long name, without dashes. */
  public String name() {
    return name;
  }

  /** How the flag takes its value. */
  public Kind kind() {
    return kind;
  }

  /** The one-letter shorthand, if any. */
  public Optional<Character> shorthand() {
    return Optional.ofNullable(shorthand);
  }

  /** The label of the value in help ({@code URL}, {@code FILE}); empty for a boolean. */
  public Optional<String> valueLabel() {
    return Optional.ofNullable(valueLabel);
  }

  /** The one-line help text. */
  public String usage() {
    return usage;
  }

  /** Whether the flag is accepted and dropped. */
  public boolean isIgnored() {
    return ignored;
  }

  /** Whether help and completion leave the flag out. */
  public boolean isHidden() {
    return hidden;
  }

  /** The flag whose value this deprecated alias sets, if it is one. */
  public Optional<String> aliasFor() {
    return Optional.ofNullable(aliasOf);
  }

  /** The replacement to name when a removed flag is used, if it is one. */
  public Optional<String> removedInFavourOf() {
    return Optional.ofNullable(removedFor);
  }

  /** Whether the value is a secret, masked wherever arguments are shown. */
  public boolean isSecret() {
    return GoFlags.isSecret(name);
  }

  @Override
  public String toString() {
    return "--" + name + (valueLabel == null ? "" : " " + valueLabel);
  }
}
