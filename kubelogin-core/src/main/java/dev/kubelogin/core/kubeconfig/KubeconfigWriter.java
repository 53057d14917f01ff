package dev.kubelogin.core.kubeconfig;

import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.internal.AtomicFiles;
import dev.kubelogin.core.internal.FileLocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
 * <p>Thread-safe: each call locks, re-reads the files, changes one and writes it.
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
   * Adds or replaces cluster {@code name}.
   *
   * @throws KubeloginException when a lock cannot be had or a file cannot be written
   * @throws dev.kubelogin.core.InvalidConfigurationException when a file of the chain is malformed
   */
  public void setCluster(String name, Cluster cluster) {
    setNamed("clusters", "cluster", name, cluster.fields(), f -> f.clusters);
  }

  /**
   * Adds or replaces user {@code name}.
   *
   * @throws KubeloginException when a lock cannot be had or a file cannot be written
   */
  public void setUser(String name, AuthInfo user) {
    setNamed("users", "user", name, user.fields(), f -> f.users);
  }

  /**
   * Adds or replaces context {@code name}.
   *
   * @throws KubeloginException when a lock cannot be had or a file cannot be written
   */
  public void setContext(String name, Context context) {
    setNamed("contexts", "context", name, context.fields(), f -> f.contexts);
  }

  /** Removes cluster {@code name} from the file that defines it; does nothing if none does. */
  public void removeCluster(String name) {
    setNamed("clusters", "cluster", name, null, f -> f.clusters);
  }

  /** Removes user {@code name} from the file that defines it; does nothing if none does. */
  public void removeUser(String name) {
    setNamed("users", "user", name, null, f -> f.users);
  }

  /** Removes context {@code name} from the file that defines it; does nothing if none does. */
  public void removeContext(String name) {
    setNamed("contexts", "context", name, null, f -> f.contexts);
  }

  /**
   * Sets {@code current-context} in the default file, or clears it ({@code null} or empty) in the
   * first file that sets it.
   */
  public void setCurrentContext(String name) {
    locked(
        files -> {
          if (name == null || name.isEmpty()) {
            files.stream()
                .filter(KubeconfigFile::setsCurrentContext)
                .findFirst()
                .ifPresent(f -> write(f, t -> t.put("current-context", "")));
          } else {
            write(fileOrNew(files, defaultFile(files)), t -> t.put("current-context", name));
          }
        });
  }

  private interface Index {
    Map<String, Map<String, Object>> of(KubeconfigFile f);
  }

  private void setNamed(
      String listField, String valueField, String name, Map<String, Object> fields, Index index) {
    Objects.requireNonNull(name, "name");
    locked(
        files -> {
          KubeconfigFile owner =
              files.stream().filter(f -> index.of(f).containsKey(name)).findFirst().orElse(null);
          if (owner == null && fields == null) {
            return;
          }
          KubeconfigFile target = owner != null ? owner : fileOrNew(files, defaultFile(files));
          write(target, tree -> upsert(tree, listField, valueField, name, fields));
        });
  }

  @SuppressWarnings("unchecked")
  private static void upsert(
      Map<String, Object> tree,
      String listField,
      String valueField,
      String name,
      Map<String, Object> fields) {
    List<Object> list = new ArrayList<>(KubeconfigFile.list(tree.get(listField)));
    boolean found = false;
    for (int i = 0; i < list.size(); i++) {
      Object o = list.get(i);
      if (o instanceof Map && name.equals(((Map<String, Object>) o).getOrDefault("name", ""))) {
        found = true;
        if (fields == null) {
          list.remove(i);
        } else {
          Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) o);
          entry.put(valueField, Values.thaw(fields));
          list.set(i, entry);
        }
        break;
      }
    }
    if (!found && fields != null) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", name);
      entry.put(valueField, Values.thaw(fields));
      list.add(entry);
    }
    list.sort(
        Comparator.comparing(
            o -> o instanceof Map ? String.valueOf(((Map<String, Object>) o).get("name")) : ""));
    tree.put(listField, list);
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

  private static KubeconfigFile fileOrNew(List<KubeconfigFile> files, Path path) {
    return files.stream()
        .filter(f -> f.path.equals(path))
        .findFirst()
        .orElseGet(() -> KubeconfigFile.empty(path));
  }

  private void write(KubeconfigFile file, Consumer<Map<String, Object>> change) {
    Map<String, Object> tree = Values.mutableMap(file.tree);
    change.accept(tree);
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
