package dev.kubelogin.core.kubeconfig;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kubeconfig as client-go sees it after merging every file of the {@code KUBECONFIG} chain: the
 * first file to define a cluster, user or context by name supplies the whole stanza, and the first
 * non-empty {@code current-context} wins. Each stanza remembers the file that defined it.
 *
 * <p>Load one with {@link #load()} or {@link KubeconfigLoader}; change files with {@link
 * KubeconfigWriter}. Immutable and thread-safe.
 */
public final class Kubeconfig {
  private final Map<String, Cluster> clusters;
  private final Map<String, AuthInfo> users;
  private final Map<String, Context> contexts;
  private final String currentContext;
  private final Map<String, Object> preferences;
  private final Map<String, Object> extensions;
  private final List<Path> files;

  Kubeconfig(
      Map<String, Cluster> clusters,
      Map<String, AuthInfo> users,
      Map<String, Context> contexts,
      String currentContext,
      Map<String, Object> preferences,
      Map<String, Object> extensions,
      List<Path> files) {
    this.clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
    this.users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
    this.contexts = Collections.unmodifiableMap(new LinkedHashMap<>(contexts));
    this.currentContext = currentContext == null ? "" : currentContext;
    this.preferences = Values.frozenMap(preferences);
    this.extensions = Values.frozenMap(extensions);
    this.files = List.copyOf(files);
  }

  /**
   * Loads the kubeconfig the way kubectl does without {@code --kubeconfig}: the files of {@code
   * KUBECONFIG}, else {@code ~/.kube/config}.
   *
   * @throws dev.kubelogin.core.InvalidConfigurationException naming the file and line of a
   *     malformed file
   */
  public static Kubeconfig load() {
    return KubeconfigLoader.defaults().load();
  }

  /** Returns an empty kubeconfig. */
  public static Kubeconfig empty() {
    return new Kubeconfig(Map.of(), Map.of(), Map.of(), "", Map.of(), Map.of(), List.of());
  }

  /** Clusters by name. */
  public Map<String, Cluster> clusters() {
    return clusters;
  }

  /** Users by name. */
  public Map<String, AuthInfo> users() {
    return users;
  }

  /** Contexts by name. */
  public Map<String, Context> contexts() {
    return contexts;
  }

  /** The current context's name, if set. */
  public Optional<String> currentContext() {
    return currentContext.isEmpty() ? Optional.empty() : Optional.of(currentContext);
  }

  /** {@code preferences} as plain values. */
  public Map<String, Object> preferences() {
    return preferences;
  }

  /** Top-level {@code extensions} by name. */
  public Map<String, Object> extensions() {
    return extensions;
  }

  /** The files that were read, in precedence order (missing ones skipped). */
  public List<Path> files() {
    return files;
  }

  @Override
  public String toString() {
    return "Kubeconfig{files="
        + files
        + ", currentContext="
        + currentContext
        + ", clusters="
        + clusters.keySet()
        + ", users="
        + users.keySet()
        + ", contexts="
        + contexts.keySet()
        + "}";
  }

  /**
   * The merged view as {@code kubectl config view --raw -o json} would print it, as plain values
   * (lists of named stanzas sorted by name). Unknown fields are included when {@code withUnknown}.
   */
  Map<String, Object> toPlain(boolean withUnknown) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "Config");
    out.put("apiVersion", "v1");
    out.put("preferences", Values.thaw(preferences));
    out.put("clusters", named(clusters, "cluster", KubeconfigSchema.CLUSTER, withUnknown));
    out.put("users", named(users, "user", KubeconfigSchema.AUTH_INFO, withUnknown));
    out.put("contexts", named(contexts, "context", KubeconfigSchema.CONTEXT, withUnknown));
    out.put("current-context", currentContext);
    if (!extensions.isEmpty()) {
      out.put("extensions", KubeconfigYaml.namedList(extensions, "extension"));
    }
    return out;
  }

  private static List<Object> named(
      Map<String, ?> stanzas,
      String valueField,
      KubeconfigSchema.Struct struct,
      boolean withUnknown) {
    Map<String, Object> plain = new LinkedHashMap<>();
    stanzas.forEach(
        (name, s) -> {
          Map<String, Object> fields =
              s instanceof Cluster
                  ? ((Cluster) s).fields()
                  : s instanceof AuthInfo ? ((AuthInfo) s).fields() : ((Context) s).fields();
          plain.put(name, withUnknown ? Values.thaw(fields) : KubeconfigYaml.known(fields, struct));
        });
    return KubeconfigYaml.namedList(plain, valueField);
  }
}
