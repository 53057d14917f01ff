package dev.kubelogin.core.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The scripted plugin of {@code exec/plugin.sh}, installed in a directory with its run log. */
public final class ScriptedPlugin {
  public final Path script;
  public final Path logDir;

  public ScriptedPlugin(Path dir) {
    try {
      Files.createDirectories(dir);
      script = dir.resolve("plugin.sh");
      try (InputStream in = ScriptedPlugin.class.getResourceAsStream("/exec/plugin.sh")) {
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      logDir = Files.createDirectories(dir.resolve("log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many times the plugin ran. */
  public int runs() {
    Path runs = logDir.resolve("runs");
    try {
      return Files.exists(runs) ? Integer.parseInt(Files.readString(runs).strip()) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What run {@code n} recorded in file {@code name} (exec_info, argv, custom_var, stdin). */
  public String recorded(String name, int n) {
    try {
      return Files.readString(logDir.resolve(name + "." + n), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
