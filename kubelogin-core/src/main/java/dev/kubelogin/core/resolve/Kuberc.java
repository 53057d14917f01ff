package dev.kubelogin.core.resolve;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.internal.Json;
import dev.kubelogin.core.internal.YamlTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the credential plugin policy of kubectl's preferences file, kuberc ({@code
 * kubectl.config.k8s.io} {@code Preference}): where kubectl looks for it, and its two policy
 * fields. Aliases and defaults are kubectl's business and are not read.
 */
final class Kuberc {
  static final String GROUP = "kubectl.config.k8s.io/";

  /** The largest kuberc read; real ones are a few hundred bytes. */
  static final long MAX_BYTES = 1024 * 1024;

  private Kuberc() {}

  static PluginPolicy policy(Map<String, String> environment) {
    String kuberc = environment.get("KUBERC");
    if ("off".equals(kuberc)) {
      return PluginPolicy.allowAll();
    }
    if (kuberc != null && !kuberc.isEmpty()) {
      return policy(Path.of(kuberc));
    }
    String home = environment.get("HOME");
    Path file =
        Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"))
            .resolve(".kube")
            .resolve("kuberc");
    if (!Files.exists(file)) {
      return PluginPolicy.allowAll();
    }
    return policy(file);
  }

  static PluginPolicy policy(Path file) {
    String prefix = "kuberc: " + file + ": ";
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new InvalidConfigurationException(prefix + "larger than 1 MiB; not read");
      }
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigurationException(prefix + "no such file");
    } catch (IOException e) {
      throw new InvalidConfigurationException(prefix + "cannot be read: " + e.getMessage());
    }
    Object root;
    try {
      root = YamlTree.parse(text, file.toString()).root();
    } catch (YamlTree.YamlException e) {
      throw new InvalidConfigurationException(
          prefix + "yaml: " + (e.line() > 0 ? "line " + e.line() + ": " : "") + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new InvalidConfigurationException(
          prefix + "not a Preference (" + (root == null ? "empty" : Json.goKind(root)) + ")");
    }
    Object apiVersion = map.get("apiVersion");
    Object kind = map.get("kind");
    if (!(apiVersion instanceof String v && v.startsWith(GROUP)) || !"Preference".equals(kind)) {
      throw new InvalidConfigurationException(
          prefix
              + "apiVersion "
              + apiVersion
              + ", kind "
              + kind
              + ": not a "
              + GROUP
              + "* Preference");
    }
    Object type = map.get("credentialPluginPolicy");
    if (type != null && !(type instanceof String)) {
      throw new InvalidConfigurationException(
          prefix + "credentialPluginPolicy: not a string but " + Json.goKind(type));
    }
    Object list = map.get("credentialPluginAllowlist");
    List<String> allowlist = null;
    if (list != null) {
      if (!(list instanceof List<?> entries)) {
        throw new InvalidConfigurationException(
            prefix + "credentialPluginAllowlist: not a list but " + Json.goKind(list));
      }
      allowlist = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        allowlist.add(entry(prefix, i, entries.get(i)));
      }
    }
    try {
      return PluginPolicy.of(type == null ? "" : (String) type, allowlist, "kuberc " + file);
    } catch (InvalidConfigurationException e) {
      throw new InvalidConfigurationException(prefix + e.getMessage());
    }
  }

  /**
   * An allowlist entry: {@code name} (Kubernetes 1.35) or {@code command} (its later name); the
   * empty string when neither is set, which validation then refuses.
   */
  private static String entry(String prefix, int index, Object entry) {
    String where = prefix + "credentialPluginAllowlist[" + index + "]: ";
    if (!(entry instanceof Map<?, ?> fields)) {
      throw new InvalidConfigurationException(
          where + "not an object but " + (entry == null ? "null" : Json.goKind(entry)));
    }
    Object name = fields.get("name");
    Object command = fields.get("command");
    for (Object v : new Object[] {name, command}) {
      if (v != null && !(v instanceof String)) {
        throw new InvalidConfigurationException(where + "not a string but " + Json.goKind(v));
      }
    }
    if (name != null && command != null && !name.equals(command)) {
      throw new InvalidConfigurationException(
          where + "name \"" + name + "\" and command \"" + command + "\" differ");
    }
    return name != null ? (String) name : command != null ? (String) command : "";
  }
}
