package dev.kubelogin.core.exec;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.KubeloginException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs an exec plugin's process as client-go does: stderr to ours, stdin ours when interactive
 * (else the null device), stdout read on its own thread up to a cap and to its end, the whole run
 * bounded by the timeout; on timeout, overflow or interrupt the process and its descendants are
 * stopped.
 */
final class PluginProcess {
  private PluginProcess() {}

  /**
   * Starts {@code pb} (its command and environment set) and returns what it printed on stdout.
   *
   * @param notFound the error for a process that cannot be started
   * @throws AuthenticationFailedException when it times out, prints too much or exits non-zero
   */
  static String stdout(
      ProcessBuilder pb,
      boolean interactive,
      Duration timeout,
      long maxOutputBytes,
      Function<IOException, RuntimeException> notFound) {
    String command = pb.command().get(0);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.redirectInput(
        interactive
            ? ProcessBuilder.Redirect.INHERIT
            : ProcessBuilder.Redirect.from(new File(nullDevice())));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw notFound.apply(e);
    }
    StdoutReader reader =
        new StdoutReader(process.getInputStream(), maxOutputBytes, () -> kill(process));
    Thread readerThread = new Thread(reader, "kubelogin-exec-stdout");
    readerThread.setDaemon(true);
    readerThread.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw new AuthenticationFailedException(
            "exec: executable "
                + command
                + " did not finish within "
                + timeout.toSeconds()
                + " s; it was stopped");
      }
      // A process the plugin left running can hold stdout open and still write the credential
      // (as "(sleep 8; echo JSON) & exit 0" does): read to the end of output, within the timeout.
      readerThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (readerThread.isAlive()) {
        throw new AuthenticationFailedException(
            "exec: executable "
                + command
                + " exited, but a process it started kept its stdout open past "
                + timeout.toSeconds()
                + " s");
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new KubeloginException("interrupted while running exec plugin " + command, e);
    }
    if (reader.overflow) {
      throw new AuthenticationFailedException(
          "exec: executable "
              + command
              + " wrote more than "
              + maxOutputBytes
              + " bytes to stdout; it was stopped");
    }
    int exit = process.exitValue();
    if (exit != 0) {
      throw new AuthenticationFailedException(
          "exec: executable " + command + " failed with exit code " + exit);
    }
    return reader.text();
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String nullDevice() {
    return File.separatorChar == '\\' ? "NUL" : "/dev/null";
  }

  /** Reads stdout up to a cap; past it, stops the plugin by closing the pipe. */
  private static final class StdoutReader implements Runnable {
    private final InputStream in;
    private final long max;
    private final Runnable onOverflow;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    volatile boolean overflow;

    StdoutReader(InputStream in, long max, Runnable onOverflow) {
      this.in = in;
      this.max = max;
      this.onOverflow = onOverflow;
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (InputStream s = in) {
        int n;
        while ((n = s.read(buf)) >= 0) {
          synchronized (out) {
            if (out.size() + n > max) {
              overflow = true;
              onOverflow.run();
              return;
            }
            out.write(buf, 0, n);
          }
        }
      } catch (IOException e) {
        // The process ended or was stopped; what was read is what there is.
      }
    }

    String text() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
