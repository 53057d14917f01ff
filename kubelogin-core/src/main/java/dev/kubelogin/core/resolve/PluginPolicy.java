package dev.kubelogin.core.resolve;

import dev.kubelogin.core.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which exec credential plugins may run: kubectl's {@code credentialPluginPolicy} ({@code
 * AllowAll}, {@code DenyAll} or {@code Allowlist} with {@code credentialPluginAllowlist}) from the
 * user's kuberc, with client-go's validation, matching rules and messages. {@link
 * KubeconfigResolver} applies the user's policy ({@link #fromKuberc}) to every exec stanza before
 * it runs the plugin or serves it in-process, by the command the stanza names.
 *
 * <p>Matching, as client-go: a command is allowed when, cleaned like Go's {@code filepath.Clean},
 * it equals an allowlist entry; else when the path it resolves to ({@code PATH} lookup for a bare
 * name, the file itself for a path, which must be executable) equals an entry or the resolved path
 * of an entry. A bare-name entry therefore allows that name wherever {@code PATH} finds it; a path
 * entry allows only that file. There is no globbing.
 *
 * <p>Policies combine with {@link #and}: a command runs only when every part allows it, so an
 * application can tighten the user's policy but not loosen it.
 *
 * <p>Immutable and thread-safe.
 */
public final class PluginPolicy {
  private static final PluginPolicy ALLOW_ALL = new PluginPolicy(List.of());

  /** One policy and where it came from. */
  private record Part(String type, List<String> allowlist, String source) {}

  private final List<Part> parts;

  private PluginPolicy(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  /** Every plugin may run: kubectl's behaviour without a kuberc policy. */
  public static PluginPolicy allowAll() {
    return ALLOW_ALL;
  }

  /** No plugin may run. */
  public static PluginPolicy denyAll() {
    return new PluginPolicy(List.of(new Part("DenyAll", null, "set by the application")));
  }

  /**
   * Only the plugins named: bare names (looked up on {@code PATH}) or paths.
   *
   * @throws InvalidConfigurationException when the list is empty, holds an empty entry or a path
   *     that is not in clean form (client-go's messages)
   */
  public static PluginPolicy allowlist(List<String> commands) {
    return of("Allowlist", List.copyOf(commands), "set by the application");
  }

  /**
   * The policy of a kuberc: {@code type} is {@code credentialPluginPolicy} ("", {@code AllowAll},
   * {@code DenyAll} or {@code Allowlist}), {@code allowlist} the entries, {@code null} when
   * unspecified.
   */
  static PluginPolicy of(String type, List<String> allowlist, String source) {
    validate(type, allowlist);
    if (type.isEmpty() || type.equals("AllowAll")) {
      return ALLOW_ALL;
    }
    return new PluginPolicy(List.of(new Part(type, allowlist, source)));
  }

  /**
   * The user's policy, as kubectl reads it: the kuberc named by {@code KUBERC} in {@code
   * environment}, else {@code .kube/kuberc} in {@code HOME} (or the {@code user.home} property);
   * none with {@code KUBERC=off}. A missing default kuberc allows every plugin.
   *
   * <p>Unlike kubectl, which warns and ignores a default kuberc it cannot read, a kuberc that
   * exists but cannot be read, or is not a valid {@code Preference}, is an error here: a broken
   * security setting fails closed.
   *
   * @throws InvalidConfigurationException naming the file and what is wrong with it
   */
  public static PluginPolicy fromKuberc(Map<String, String> environment) {
    return Kuberc.policy(environment);
  }

  /**
   * The policy of the kuberc {@code file}, which must exist.
   *
   * @throws InvalidConfigurationException naming the file and what is wrong with it
   */
  public static PluginPolicy fromKuberc(Path file) {
    return Kuberc.policy(file);
  }

  /** A policy that allows a plugin only when both this one and {@code other} allow it. */
  public PluginPolicy and(PluginPolicy other) {
    List<Part> all = new ArrayList<>(parts);
    all.addAll(other.parts);
    return new PluginPolicy(all);
  }

  /** Whether every plugin may run. */
  public boolean allowsAll() {
    return parts.isEmpty();
  }

  /**
   * Checks that the exec plugin {@code command} may run, looking bare names up on the {@code PATH}
   * of {@code environment}.
   *
   * @throws InvalidConfigurationException with client-go's message when it may not
   */
  public void check(String command, Map<String, String> environment) {
    String configured = clean(command);
    for (Part part : parts) {
      if (part.type.equals("DenyAll")) {
        throw new InvalidConfigurationException(
            "plugin \"" + configured + "\" not allowed: policy set to \"DenyAll\"" + from(part));
      }
      checkAllowlist(part, configured, environment);
    }
  }

  private static void checkAllowlist(Part part, String configured, Map<String, String> env) {
    Set<String> allowed = new HashSet<>(part.allowlist);
    if (allowed.contains(configured)) {
      return;
    }
    Optional<String> resolved = LookPath.find(configured, env);
    if (resolved.isEmpty()) {
      throw new InvalidConfigurationException(
          "plugin path \""
              + configured
              + "\" cannot be resolved for credential plugin allowlist check: "
              + LookPath.notFound(configured)
              + from(part));
    }
    if (allowed.contains(resolved.get())) {
      return;
    }
    for (String entry : part.allowlist) {
      LookPath.find(entry, env).ifPresent(allowed::add);
    }
    if (!allowed.contains(resolved.get())) {
      throw new InvalidConfigurationException(
          "plugin path \""
              + resolved.get()
              + "\" is not permitted by the credential plugin allowlist"
              + from(part));
    }
  }

  private static String from(Part part) {
    return " (" + part.source + ")";
  }

  /** client-go's {@code pluginpolicy.Validate}, with its messages. */
  private static void validate(String type, List<String> allowlist) {
    switch (type) {
      case "", "AllowAll", "DenyAll" -> {
        if (allowlist != null) {
          throw new InvalidConfigurationException(
              "misconfigured credential plugin allowlist: plugin policy is \""
                  + type
                  + "\" but allowlist is non-nil");
        }
      }
      case "Allowlist" -> {
        if (allowlist == null) {
          throw new InvalidConfigurationException(
              "credential plugin policy set to \"Allowlist\", but allowlist is unspecified");
        }
        if (allowlist.isEmpty()) {
          throw new InvalidConfigurationException(
              "credential plugin policy set to \"Allowlist\", but allowlist is empty;"
                  + " use \"DenyAll\" policy instead");
        }
        for (int i = 0; i < allowlist.size(); i++) {
          String entry = allowlist.get(i);
          if (entry == null || entry.isEmpty()) {
            throw new InvalidConfigurationException(
                "misconfigured credential plugin allowlist: empty allowlist entry #" + (i + 1));
          }
          String cleaned = clean(entry);
          if (!cleaned.equals(entry)) {
            throw new InvalidConfigurationException(
                "non-normalized file path: \"" + entry + "\" vs \"" + cleaned + "\"");
          }
        }
      }
      default -> throw new InvalidConfigurationException("unknown plugin policy: \"" + type + "\"");
    }
  }

  /** Go's {@code filepath.Clean} on a slash-separated path. */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String element : path.split("/+")) {
      if (element.isEmpty() || element.equals(".")) {
        continue;
      }
      if (element.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
          continue;
        }
        if (rooted) {
          continue; // "/.." is "/"
        }
      }
      out.add(element);
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PluginPolicy p && parts.equals(p.parts);
  }

  @Override
  public int hashCode() {
    return parts.hashCode();
  }

  @Override
  public String toString() {
    if (parts.isEmpty()) {
      return "PluginPolicy{AllowAll}";
    }
    StringBuilder s = new StringBuilder("PluginPolicy{");
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      s.append(i == 0 ? "" : " and ").append(p.type);
      if (p.allowlist != null) {
        s.append(p.allowlist);
      }
      s.append(" (").append(p.source).append(')');
    }
    return s.append('}').toString();
  }
}
