package dev.kubelogin.core.kubeconfig;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.exec.ExecCredentialCodec;
import dev.kubelogin.core.internal.YamlTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One kubeconfig file as parsed and checked: its plain tree and its stanzas by name. */
final class KubeconfigFile {
  private static final String SCHEME = "k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50";

  final Path path;
  final Map<String, Object> tree;
  final Map<String, Map<String, Object>> clusters = new LinkedHashMap<>();
  final Map<String, Map<String, Object>> users = new LinkedHashMap<>();
  final Map<String, Map<String, Object>> contexts = new LinkedHashMap<>();
  final Map<String, Object> extensions = new LinkedHashMap<>();

  private KubeconfigFile(Path path, Map<String, Object> tree) {
    this.path = path;
    this.tree = tree;
  }

  /** An empty file at {@code path}, for writing a new one. */
  static KubeconfigFile empty(Path path) {
    return new KubeconfigFile(path, new LinkedHashMap<>());
  }

  /**
   * Reads and checks {@code path}.
   *
   * @throws NoSuchFileException if it does not exist
   * @throws InvalidConfigurationException naming the file (and the line) if it does not parse
   */
  static KubeconfigFile read(Path path) throws IOException {
    String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    return parse(path, text);
  }

  @SuppressWarnings("unchecked")
  static KubeconfigFile parse(Path path, String text) {
    String prefix = "error loading config file \"" + path + "\": ";
    YamlTree yaml;
    try {
      yaml = YamlTree.parse(text, path.toString());
    } catch (YamlTree.YamlException e) {
      // A syntax error has a column and reads as go-yaml's; a limit (aliasing, nesting, size) is
      // worded as go-yaml words it, with our line after.
      throw new InvalidConfigurationException(
          e.column() > 0
              ? prefix + "yaml: line " + e.line() + ": " + e.getMessage()
              : prefix + "yaml: " + e.getMessage() + lineSuffix(e.line()));
    }
    Object root = yaml.root();
    if (root != null && !(root instanceof Map)) {
      throw new InvalidConfigurationException(
          prefix
              + "json: cannot unmarshal "
              + dev.kubelogin.core.internal.Json.goKind(root)
              + " into Go value of type v1.Config");
    }
    Map<String, Object> tree = root == null ? new LinkedHashMap<>() : (Map<String, Object>) root;
    try {
      KubeconfigSchema.check(tree, KubeconfigSchema.CONFIG, "", "");
    } catch (KubeconfigSchema.SchemaError e) {
      throw new InvalidConfigurationException(
          prefix + e.getMessage() + lineSuffix(yaml.line(e.path)));
    }
    String apiVersion = (String) tree.get("apiVersion");
    String kind = (String) tree.get("kind");
    boolean badVersion = apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals("v1");
    boolean badKind = kind != null && !kind.isEmpty() && !kind.equals("Config");
    if (badVersion || badKind) {
      throw new InvalidConfigurationException(
          prefix
              + "no kind \""
              + (badKind ? kind : "Config")
              + "\" is registered for version \""
              + (apiVersion == null || apiVersion.isEmpty() ? "v1" : apiVersion)
              + "\" in scheme \""
              + SCHEME
              + "\"");
    }
    KubeconfigFile file = new KubeconfigFile(path, tree);
    file.index(
        "clusters",
        "cluster",
        "[]NamedCluster",
        "*map[string]*api.Cluster",
        file.clusters,
        yaml,
        prefix);
    file.index(
        "users", "user", "[]NamedAuthInfo", "*map[string]*api.AuthInfo", file.users, yaml, prefix);
    file.index(
        "contexts",
        "context",
        "[]NamedContext",
        "*map[string]*api.Context",
        file.contexts,
        yaml,
        prefix);
    for (Object o : list(tree.get("extensions"))) {
      if (o instanceof Map) {
        Map<String, Object> e = (Map<String, Object>) o;
        Object name = e.get("name");
        file.extensions.putIfAbsent(name == null ? "" : (String) name, e.get("extension"));
      }
    }
    file.users.values().forEach(KubeconfigFile::defaultExec);
    return file;
  }

  @SuppressWarnings("unchecked")
  private void index(
      String listField,
      String valueField,
      String goList,
      String goMap,
      Map<String, Map<String, Object>> out,
      YamlTree yaml,
      String prefix) {
    List<Object> items = list(tree.get(listField));
    Map<String, Integer> firstIndex = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Object o = items.get(i);
      Map<String, Object> named = o instanceof Map ? (Map<String, Object>) o : Map.of();
      Object n = named.get("name");
      String name = n == null ? "" : (String) n;
      Integer previous = firstIndex.putIfAbsent(name, i);
      if (previous != null) {
        // client-go prints the whole list here, secrets included; name the lines instead.
        throw new InvalidConfigurationException(
            prefix
                + "error converting *"
                + goList
                + " into "
                + goMap
                + ": duplicate name \""
                + name
                + "\" in list "
                + listField
                + " (lines "
                + yaml.line(listField + "[" + previous + "]")
                + " and "
                + yaml.line(listField + "[" + i + "]")
                + ")");
      }
      Object value = named.get(valueField);
      out.put(name, value instanceof Map ? (Map<String, Object>) value : new LinkedHashMap<>());
    }
  }

  /** client-go's SetDefaults_ExecConfig: v1alpha1 and v1beta1 default to IfAvailable. */
  @SuppressWarnings("unchecked")
  private static void defaultExec(Map<String, Object> user) {
    Object exec = user.get("exec");
    if (!(exec instanceof Map)) {
      return;
    }
    Map<String, Object> e = (Map<String, Object>) exec;
    Object mode = e.get("interactiveMode");
    Object version = e.get("apiVersion");
    if ((mode == null || "".equals(mode))
        && (ExecCredentialCodec.V1BETA1.equals(version)
            || ExecCredentialCodec.V1ALPHA1.equals(version))) {
      e.put("interactiveMode", "IfAvailable");
    }
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List ? (List<Object>) o : List.of();
  }

  private static String lineSuffix(int line) {
    return line > 0 ? " (line " + line + ")" : "";
  }

  boolean setsCurrentContext() {
    return setsCurrentContext(tree);
  }

  static boolean setsCurrentContext(Map<String, Object> tree) {
    Object c = tree.get("current-context");
    return c instanceof String && !((String) c).isEmpty();
  }
}
