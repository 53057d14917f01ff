package dev.kubelogin.core.resolve;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Go's {@code exec.LookPath} for the plugin policy: a name with a slash is itself when it is an
 * executable file; a bare name is the first executable file of that name in a {@code PATH}
 * directory. Relative {@code PATH} entries are skipped, as Go refuses results relative to the
 * current directory.
 */
final class LookPath {
  private LookPath() {}

  static Optional<String> find(String name, Map<String, String> environment) {
    if (name.indexOf('/') >= 0 || name.indexOf(File.separatorChar) >= 0) {
      return executable(name) ? Optional.of(name) : Optional.empty();
    }
    String path = environment.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator, -1)) {
      if (dir.isEmpty() || !dir.startsWith("/") && !isAbsolute(dir)) {
        continue;
      }
      String candidate = dir.endsWith("/") ? dir + name : dir + "/" + name;
      if (executable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Go's error text for a name {@link #find} did not find. */
  static String notFound(String name) {
    if (name.indexOf('/') >= 0) {
      return "stat " + name + ": no such file or not executable";
    }
    return "exec: \"" + name + "\": executable file not found in $PATH";
  }

  private static boolean isAbsolute(String dir) {
    try {
      return Path.of(dir).isAbsolute();
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private static boolean executable(String file) {
    try {
      Path p = Path.of(file);
      return Files.isRegularFile(p) && Files.isExecutable(p);
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
