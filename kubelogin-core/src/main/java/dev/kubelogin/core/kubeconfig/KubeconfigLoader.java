package dev.kubelogin.core.kubeconfig;

import dev.kubelogin.core.InvalidConfigurationException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds and merges kubeconfig files with client-go's loading rules.
 *
 * <ul>
 *   <li>An explicit file (kubectl's {@code --kubeconfig}): only that file; a missing one is an
 *       error.
 *   <li>Else {@code KUBECONFIG}: split on the path separator, duplicates and empty entries dropped,
 *       missing files skipped.
 *   <li>Else {@code ~/.kube/config}, if it exists.
 * </ul>
 *
 * <p>Merging: the first file that defines a cluster, user, context or extension by name supplies
 * the whole stanza (later files' fields for that name are discarded, not merged); the first
 * non-empty {@code current-context} wins. Files are YAML with YAML 1.1 scalars, or JSON.
 *
 * <p>Immutable and thread-safe; every {@link #load()} reads the files again.
 */
public final class KubeconfigLoader {
  private final Path explicitFile;
  private final String kubeconfigEnv;
  private final Path home;

  private KubeconfigLoader(Builder b) {
    this.explicitFile = b.explicitFile;
    this.kubeconfigEnv = b.kubeconfigEnv;
    this.home = b.home;
  }

  /** A loader for this process: {@code KUBECONFIG} from the environment and the user's home. */
  public static KubeconfigLoader defaults() {
    return builder().build();
  }

  /** Returns a builder that starts from this process's environment and home. */
  public static Builder builder() {
    return new Builder();
  }

  /** The files this loader considers, in precedence order, whether or not they exist. */
  public List<Path> precedence() {
    if (explicitFile != null) {
      return List.of(explicitFile);
    }
    if (kubeconfigEnv != null && !kubeconfigEnv.isEmpty()) {
      Set<Path> paths = new LinkedHashSet<>();
      for (String part : kubeconfigEnv.split(File.pathSeparator, -1)) {
        if (!part.isEmpty()) {
          paths.add(Path.of(part));
        }
      }
      return List.copyOf(paths);
    }
    return List.of(defaultFile());
  }

  /** {@code ~/.kube/config} of the configured home. */
  Path defaultFile() {
    return home.resolve(".kube").resolve("config");
  }

  /** Whether an explicit file was configured. */
  Path explicitFile() {
    return explicitFile;
  }

  /**
   * Reads and merges the files.
   *
   * @throws InvalidConfigurationException naming the file (and line) that does not parse, or the
   *     explicit file when it is missing
   * @throws UncheckedIOException when a file exists but cannot be read
   */
  public Kubeconfig load() {
    return merge(readAll(false));
  }

  /**
   * Reads the existing files of the chain; a missing explicit file is an error unless {@code
   * forWrite} (a writer creates it).
   */
  List<KubeconfigFile> readAll(boolean forWrite) {
    List<KubeconfigFile> files = new ArrayList<>();
    for (Path p : precedence()) {
      try {
        files.add(KubeconfigFile.read(p));
      } catch (NoSuchFileException e) {
        if (explicitFile != null && !forWrite) {
          throw new InvalidConfigurationException("stat " + p + ": no such file or directory");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("error loading config file \"" + p + "\": " + e, e);
      }
    }
    return files;
  }

  static Kubeconfig merge(List<KubeconfigFile> files) {
    Map<String, Cluster> clusters = new LinkedHashMap<>();
    Map<String, AuthInfo> users = new LinkedHashMap<>();
    Map<String, Context> contexts = new LinkedHashMap<>();
    Map<String, Object> extensions = new LinkedHashMap<>();
    Map<String, Object> preferences = new LinkedHashMap<>();
    Map<String, Object> preferenceExtensions = new LinkedHashMap<>();
    String current = "";
    List<Path> paths = new ArrayList<>();
    for (KubeconfigFile f : files) {
      Path origin = f.path.toAbsolutePath();
      paths.add(f.path);
      f.clusters.forEach((n, c) -> clusters.putIfAbsent(n, new Cluster(c, origin)));
      f.users.forEach((n, u) -> users.putIfAbsent(n, new AuthInfo(u, origin)));
      f.contexts.forEach((n, c) -> contexts.putIfAbsent(n, new Context(c, origin)));
      f.extensions.forEach(extensions::putIfAbsent);
      if (current.isEmpty() && f.setsCurrentContext()) {
        current = (String) f.tree.get("current-context");
      }
      Map<String, Object> prefs = Values.map(f.tree, "preferences");
      if (Boolean.TRUE.equals(prefs.get("colors"))) {
        preferences.putIfAbsent("colors", Boolean.TRUE);
      }
      Values.extensions(prefs).forEach(preferenceExtensions::putIfAbsent);
    }
    if (!preferenceExtensions.isEmpty()) {
      preferences.put("extensions", KubeconfigYaml.namedList(preferenceExtensions, "extension"));
    }
    return new Kubeconfig(clusters, users, contexts, current, preferences, extensions, paths);
  }

  /** Returns a writer that changes the files of this loader's chain. */
  public KubeconfigWriter writer() {
    return new KubeconfigWriter(this);
  }

  /** Builds a {@link KubeconfigLoader}. Not thread-safe. */
  public static final class Builder {
    private Path explicitFile;
    private String kubeconfigEnv = System.getenv("KUBECONFIG");
    private Path home = Path.of(System.getProperty("user.home"));

    private Builder() {}

    /** Uses only this file, like kubectl's {@code --kubeconfig}. */
    public Builder explicitFile(Path file) {
      this.explicitFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Sets the value of {@code KUBECONFIG}; {@code null} or empty means unset. */
    public Builder kubeconfigEnv(String value) {
      this.kubeconfigEnv = value;
      return this;
    }

    /** Sets the home directory whose {@code .kube/config} is the fallback. */
    public Builder homeDirectory(Path home) {
      this.home = Objects.requireNonNull(home, "home");
      return this;
    }

    /** Returns the loader. */
    public KubeconfigLoader build() {
      return new KubeconfigLoader(this);
    }
  }
}
