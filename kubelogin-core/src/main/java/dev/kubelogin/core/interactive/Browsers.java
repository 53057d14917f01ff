package dev.kubelogin.core.interactive;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Starting browser processes without letting them write to stdout or read stdin. */
final class Browsers {
  private Browsers() {}

  /** Starts {@code command}; its stdout and stderr are copied to this process's stderr. */
  static void start(List<String> command) throws IOException {
    Process p =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    Thread pump =
        new Thread(
            () -> {
              try (InputStream in = p.getInputStream()) {
                in.transferTo(System.err);
              } catch (IOException e) {
                // the browser's chatter is not worth failing for
              }
            },
            "kubelogin-browser-output");
    pump.setDaemon(true);
    pump.start();
  }
}
