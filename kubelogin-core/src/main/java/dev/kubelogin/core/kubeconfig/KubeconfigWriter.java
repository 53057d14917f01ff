package dev.kubelogin.core.kubeconfig;

import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.store.AtomicFiles;
import dev.kubelogin.core.store.FileLocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Changes kubeconfig files the way kubectl does ({@code ModifyConfig}).
 *
 * <ul>
 *   <li>A changed or removed stanza is written to the file that defined it (the first in the chain
 *       with that name); other files are untouched.
 *   <li>A new stanza, or a new {@code current-context}, goes to the default file: the explicit
 *       file; else the only {@code KUBECONFIG} file; else the first existing one, or the last when
 *       none exists; else {@code ~/.kube/config}. Clearing {@code current-context} writes {@code
 *       ""} to the first file that sets it.
 *   <li>Every file of the chain is locked first with kubectl's {@code <file>.lock} (created
 *       exclusively, in sorted order), so kubectl and this writer exclude each other. A lock that
 *       is still held after the wait (10 s by default) is an error naming the lock file.
 *   <li>The file is written atomically (temporary file and rename). Existing files keep their
 *       permissions; new files are 0600. Unknown fields of the file survive; comments do not.
 * </ul>
 *
 * <p>Thread-safe: each call locks, re-reads the files, changes them and writes what changed; {@link
 * #edit} makes many changes in one such call.
 */
public final class KubeconfigWriter {
  private final KubeconfigLoader loader;
  private final Duration lockWait;

  KubeconfigWriter(KubeconfigLoader loader) {
    this(loader, Duration.ofSeconds(10));
  }

  private KubeconfigWriter(KubeconfigLoader loader, Duration lockWait) {
    this.loader = loader;
    this.lockWait = lockWait;
  }

  /** Returns a writer that waits at most {@code wait} for other writers' locks. */
  public KubeconfigWriter withLockWait(Duration wait) {
    return new KubeconfigWriter(loader, Objects.requireNonNull(wait, "wait"));
  }

  /**
   * Makes several changes at once: the files are locked and read once, the changes are applied in
   * the order {@code changes} makes them, and each changed file is written once. Use it for many
   * entries (thousands of users take about as long as one); the single-change methods below each
   * lock, read and write again.
   *
   * @param changes makes the changes on the {@link Edits} it is given; it runs under the locks, so
   *     it should do nothing else
   * @throws KubeloginException when a lock cannot be had or a file cannot be written
   * @throws dev.kubelogin.core.InvalidConfigurationException when a file of the chain is malformed
   */
  public void edit(Consumer<Edits> changes) {
    Objects.requireNonNull(changes, "changes");
    locked(
        files -> {
          Edits edits = new Edits(files);
          changes.accept(edits);
          edits.writeChanged();
        });
  }

  /**
   * Adds or replaces cluster {@code name}.
   *
   * @throws KubeloginException when a lock cannot be had or a file cannot be written
   * @throws dev.kubelogin.core.InvalidConfigurationException when a file of the chain is malformed
   */
  public void setCluster(String name, Cluster cluster) {
    edit(e -> e.setCluster(name, cluster));
  }

  /**
   * Adds or replaces user {@code name}.
   *
   * @throws KubeloginException when a lock cannot be had or a file cannot be written
   */
  public void setUser(String name, AuthInfo user) {
    edit(e -> e.setUser(name, user));
  }

  /**
   * Adds or replaces context {@code name}.
   *
   * @throws KubeloginException when a lock cannot be had or a file cannot be written
   */
  public void setContext(String name, Context context) {
    edit(e -> e.setContext(name, context));
  }

  /** Removes cluster {@code name} from the file that defines it; does nothing if none does. */
  public void removeCluster(String name) {
    edit(e -> e.removeCluster(name));
  }

  /** Removes user {@code name} from the file that defines it; does nothing if none does. */
  public void removeUser(String name) {
    edit(e -> e.removeUser(name));
  }

  /** Removes context {@code name} from the file that defines it; does nothing if none does. */
  public void removeContext(String name) {
    edit(e -> e.removeContext(name));
  }

  /**
   * Sets {@code current-context} in the default file, or clears it ({@code null} or empty) in the
   * first file that sets it.
   */
  public void setCurrentContext(String name) {
    edit(e -> e.setCurrentContext(name));
  }

  /**
   * The changes of one {@link KubeconfigWriter#edit} call, each with the meaning of the writer's
   * method of the same name. Valid only inside that call; not thread-safe.
   */
  public final class Edits {
    private final List<KubeconfigFile> files;
    private final Map<Path, Working> working = new LinkedHashMap<>();

    private Edits(List<KubeconfigFile> files) {
      this.files = new ArrayList<>(files);
    }

    /** Adds or replaces cluster {@code name}. */
    public Edits setCluster(String name, Cluster cluster) {
      return setNamed(Kind.CLUSTERS, name, cluster.fields());
    }

    /** Adds or replaces user {@code name}. */
    public Edits setUser(String name, AuthInfo user) {
      return setNamed(Kind.USERS, name, user.fields());
    }

    /** Adds or replaces context {@code name}. */
    public Edits setContext(String name, Context context) {
      return setNamed(Kind.CONTEXTS, name, context.fields());
    }

    /** Removes cluster {@code name} from the file that defines it, if one does. */
    public Edits removeCluster(String name) {
      return setNamed(Kind.CLUSTERS, name, null);
    }

    /** Removes user {@code name} from the file that defines it, if one does. */
    public Edits removeUser(String name) {
      return setNamed(Kind.USERS, name, null);
    }

    /** Removes context {@code name} from the file that defines it, if one does. */
    public Edits removeContext(String name) {
      return setNamed(Kind.CONTEXTS, name, null);
    }

    /**
     * Sets {@code current-context} in the default file, or clears it ({@code null} or empty) in the
     * first file that sets it.
     */
    public Edits setCurrentContext(String name) {
      if (name == null || name.isEmpty()) {
        for (KubeconfigFile f : files) {
          Working w = working.get(f.path);
          if (KubeconfigFile.setsCurrentContext(w != null ? w.tree : f.tree)) {
            working(f).set("current-context", "");
            break;
          }
        }
      } else {
        working(fileOrNew(defaultFile(files))).set("current-context", name);
      }
      return this;
    }

    private Edits setNamed(Kind kind, String name, Map<String, Object> fields) {
      Objects.requireNonNull(name, "name");
      KubeconfigFile owner = null;
      for (KubeconfigFile f : files) {
        Working w = working.get(f.path);
        if (w != null ? w.list(kind).containsKey(name) : kind.index(f).containsKey(name)) {
          owner = f;
          break;
        }
      }
      if (owner == null && fields == null) {
        return this;
      }
      Working target = working(owner != null ? owner : fileOrNew(defaultFile(files)));
      Map<Object, Object> list = target.list(kind);
      if (fields == null) {
        list.remove(name);
      } else {
        Object old = list.get(name);
        @SuppressWarnings("unchecked")
        Map<String, Object> entry =
            old instanceof Map
                ? new LinkedHashMap<>((Map<String, Object>) old)
                : new LinkedHashMap<>();
        entry.putIfAbsent("name", name);
        entry.put(kind.valueField, Values.thaw(fields));
        list.put(name, entry);
      }
      target.dirty = true;
      return this;
    }

    private KubeconfigFile fileOrNew(Path path) {
      for (KubeconfigFile f : files) {
        if (f.path.equals(path)) {
          return f;
        }
      }
      KubeconfigFile created = KubeconfigFile.empty(path);
      files.add(created);
      return created;
    }

    private Working working(KubeconfigFile file) {
      return working.computeIfAbsent(file.path, p -> new Working(file));
    }

    private void writeChanged() {
      for (Working w : working.values()) {
        if (w.dirty) {
          write(w.file, w.finish());
        }
      }
    }
  }

  /** The three named lists of a kubeconfig. */
  private enum Kind {
    CLUSTERS("clusters", "cluster"),
    USERS("users", "user"),
    CONTEXTS("contexts", "context");

    final String listField;
    final String valueField;

    Kind(String listField, String valueField) {
      this.listField = listField;
      this.valueField = valueField;
    }

    Map<String, Map<String, Object>> index(KubeconfigFile f) {
      switch (this) {
        case CLUSTERS:
          return f.clusters;
        case USERS:
          return f.users;
        default:
          return f.contexts;
      }
    }
  }

  /**
   * A file being changed: its tree, and each list touched as a map from an entry's name (the first
   * entry of that name; other entries under a key of their own) to the entry, in file order.
   */
  private static final class Working {
    final KubeconfigFile file;
    final Map<String, Object> tree;
    final Map<Kind, Map<Object, Object>> lists = new EnumMap<>(Kind.class);
    boolean dirty;

    Working(KubeconfigFile file) {
      this.file = file;
      this.tree = Values.mutableMap(file.tree);
    }

    void set(String field, Object value) {
      tree.put(field, value);
      dirty = true;
    }

    @SuppressWarnings("unchecked")
    Map<Object, Object> list(Kind kind) {
      return lists.computeIfAbsent(
          kind,
          k -> {
            Map<Object, Object> byName = new LinkedHashMap<>();
            for (Object o : KubeconfigFile.list(tree.get(k.listField))) {
              // An entry's name as the loader reads it: a missing or null name, and a null entry,
              // are "".
              Object name =
                  o == null
                      ? ""
                      : o instanceof Map
                          ? Objects.toString(((Map<String, Object>) o).get("name"), "")
                          : new Object();
              byName.put(byName.containsKey(name) ? new Object() : name, o);
            }
            return byName;
          });
    }

    /** The tree to write: each touched list sorted by name, as kubectl writes it. */
    @SuppressWarnings("unchecked")
    Map<String, Object> finish() {
      lists.forEach(
          (kind, byName) -> {
            List<Object> list = new ArrayList<>(byName.values());
            list.sort(
                Comparator.comparing(
                    o ->
                        o instanceof Map
                            ? String.valueOf(((Map<String, Object>) o).get("name"))
                            : ""));
            tree.put(kind.listField, list);
          });
      return tree;
    }
  }

  /** kubectl's PathOptions.GetDefaultFilename. */
  Path defaultFile(List<KubeconfigFile> existing) {
    if (loader.explicitFile() != null) {
      return loader.explicitFile();
    }
    List<Path> chain = loader.precedence();
    if (chain.size() == 1) {
      return chain.get(0);
    }
    return existing.isEmpty() ? chain.get(chain.size() - 1) : existing.get(0).path;
  }

  private static void write(KubeconfigFile file, Map<String, Object> tree) {
    tree.putIfAbsent("apiVersion", "v1");
    tree.putIfAbsent("kind", "Config");
    byte[] yaml = KubeconfigYaml.write(tree).getBytes(StandardCharsets.UTF_8);
    try {
      AtomicFiles.write(file.path, yaml, AtomicFiles.OWNER_ONLY, null);
    } catch (IOException e) {
      throw new KubeloginException("could not write kubeconfig " + file.path + ": " + e, e);
    }
  }

  private void locked(Consumer<List<KubeconfigFile>> action) {
    List<FileLocks.Held> held = new ArrayList<>();
    try {
      TreeSet<Path> sorted = new TreeSet<>();
      for (Path p : loader.precedence()) {
        sorted.add(p.toAbsolutePath().normalize());
      }
      for (Path p : sorted) {
        Path lock = p.resolveSibling(p.getFileName() + ".lock");
        try {
          if (p.getParent() != null && !Files.isDirectory(p.getParent())) {
            Files.createDirectories(p.getParent());
          }
          held.add(FileLocks.exclusiveCreate(lock, lockWait));
        } catch (TimeoutException e) {
          throw new KubeloginException(
              "timed out after "
                  + lockWait.toSeconds()
                  + " s waiting for "
                  + lock
                  + ": another process is changing "
                  + p
                  + "; if none is, delete the lock file");
        } catch (IOException e) {
          throw new UncheckedIOException("could not create lock file " + lock, e);
        }
      }
      action.accept(loader.readAll(true));
    } finally {
      for (int i = held.size() - 1; i >= 0; i--) {
        held.get(i).close();
      }
    }
  }
}
