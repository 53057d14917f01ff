package dev.kubelogin.azure;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.CredentialUnavailableException;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a CLI (az, azd) with an argument list and a timeout. On Windows the CLIs are {@code .cmd}
 * scripts that only {@code cmd.exe} runs, and the JDK quotes only arguments with white space, so
 * every value that reaches an argument is first checked as Azure's identity libraries check it
 * ({@link #tenant}, {@link #subscription}, {@link #scope}). On a timeout the CLI is stopped with
 * its descendants ({@code az} runs Python); each output is read on a thread of its own and capped.
 */
interface Commands {
  Commands SYSTEM = Commands::system;

  /** The most read of a CLI's stdout or stderr. */
  int MAX_OUTPUT_BYTES = 1 << 20;

  /**
   * A tenant for a command line: letters, digits, {@code -} and {@code .} (azidentity's rule).
   *
   * @throws InvalidConfigurationException for anything else
   */
  static String tenant(String tenant) {
    return checked("tenant ID", tenant, "[0-9A-Za-z.-]+");
  }

  /** A subscription name or ID: letters, digits, {@code _ - .} and spaces (azidentity's rule). */
  static String subscription(String subscription) {
    return checked("subscription", subscription, "[0-9A-Za-z_. -]+");
  }

  /** A resource or scope: letters, digits and {@code _ - . : /} (azidentity's rule). */
  static String scope(String scope) {
    return checked("scope", scope, "[0-9A-Za-z_.:/-]+");
  }

  private static String checked(String what, String value, String allowed) {
    if (value == null || !value.matches(allowed)) {
      throw new InvalidConfigurationException(
          "invalid "
              + what
              + " \""
              + value
              + "\": it may contain only "
              + allowed.substring(1, allowed.length() - 2)
              + " (it is passed to a command line)");
    }
    return value;
  }

  /** A finished command. */
  final class Output {
    final int exitCode;
    final String stdout;
    final String stderr;

    Output(int exitCode, String stdout, String stderr) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    /**
     * The output of a run that succeeded.
     *
     * @param what the command, for the error ("az account get-access-token")
     * @param cli the CLI's name ("Azure CLI")
     * @param loginCommand what a person runs to log in; stderr naming it means "login required"
     * @throws InteractionRequiredException when the CLI is not logged in
     * @throws AuthenticationFailedException for any other failure, with the exit code and stderr
     */
    String stdoutOrThrow(String what, String cli, String loginCommand) {
      if (exitCode == 0) {
        return stdout;
      }
      String err = stderr.strip();
      if (err.contains(loginCommand)) {
        throw new InteractionRequiredException(
            "login required: the "
                + cli
                + " is not logged in; run `"
                + loginCommand
                + "` ("
                + err
                + ")");
      }
      throw new AuthenticationFailedException(what + " failed (exit " + exitCode + "): " + err);
    }
  }

  /**
   * Runs {@code argv} with {@code env} added to the process's environment.
   *
   * @throws CredentialUnavailableException when the program is not installed
   * @throws AuthenticationFailedException when it runs longer than {@code timeout}
   */
  Output run(List<String> argv, Map<String, String> env, Duration timeout);

  private static Output system(List<String> argv, Map<String, String> env, Duration timeout) {
    List<String> command = new ArrayList<>(argv);
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
      command.addAll(0, List.of("cmd.exe", "/c")); // az and azd are .cmd scripts there
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new CredentialUnavailableException(
          argv.get(0) + " is not installed or not on PATH (" + e.getMessage() + ")", e);
    }
    CompletableFuture<String> out = drainOnItsOwnThread(p.getInputStream(), "stdout");
    CompletableFuture<String> err = drainOnItsOwnThread(p.getErrorStream(), "stderr");
    try {
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        throw new AuthenticationFailedException(
            String.join(" ", argv.subList(0, Math.min(3, argv.size())))
                + " did not finish within "
                + timeout.toSeconds()
                + " s (--timeout, AZURE_CLI_TIMEOUT)");
      }
      return new Output(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new AuthenticationFailedException(argv.get(0) + " interrupted", e);
    } catch (IOException e) {
      throw new AuthenticationFailedException(argv.get(0) + " failed: " + e, e);
    }
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static CompletableFuture<String> drainOnItsOwnThread(InputStream in, String name) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread t = new Thread(() -> text.complete(drain(in)), "kubelogin-cli-" + name);
    t.setDaemon(true);
    t.start();
    return text;
  }

  /** Reads to the end, keeping the first {@link #MAX_OUTPUT_BYTES} bytes. */
  private static String drain(InputStream in) {
    try (in) {
      byte[] kept = in.readNBytes(MAX_OUTPUT_BYTES);
      in.transferTo(OutputStream.nullOutputStream());
      return new String(kept, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
