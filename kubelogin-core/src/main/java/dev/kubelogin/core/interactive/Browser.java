package dev.kubelogin.core.interactive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Opens a URL for the person who logs in. Logins call it from the thread that runs them and wait
 * for the callback, so an implementation may return as soon as the browser was asked to open (or
 * drive a headless browser to completion, as tests do).
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface Browser {

  /**
   * Opens {@code url}.
   *
   * @throws IOException when no browser could be started; the login then prints the URL and keeps
   *     waiting
   */
  void open(String url) throws IOException;

  /**
   * The system's default browser: {@code xdg-open} (falling back to {@code x-www-browser} and
   * {@code www-browser}) on Linux and BSD, {@code open} on macOS, {@code rundll32
   * url.dll,FileProtocolHandler} on Windows. The child's output goes to this process's stderr, so
   * it never mixes into an ExecCredential on stdout.
   */
  static Browser system() {
    return url -> {
      String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
      List<List<String>> commands = new ArrayList<>();
      if (os.contains("mac")) {
        commands.add(List.of("open", url));
      } else if (os.contains("win")) {
        commands.add(List.of("rundll32", "url.dll,FileProtocolHandler", url));
      } else {
        commands.add(List.of("xdg-open", url));
        commands.add(List.of("x-www-browser", url));
        commands.add(List.of("www-browser", url));
      }
      IOException last = null;
      for (List<String> command : commands) {
        try {
          Browsers.start(command);
          return;
        } catch (IOException e) {
          last = e;
        }
      }
      throw last;
    };
  }

  /**
   * Runs {@code command url} (int128's {@code --browser-command}); the command is one program path,
   * not a shell line. Its output goes to this process's stderr.
   */
  static Browser command(String command) {
    Objects.requireNonNull(command, "command");
    return url -> Browsers.start(List.of(command, url));
  }
}
