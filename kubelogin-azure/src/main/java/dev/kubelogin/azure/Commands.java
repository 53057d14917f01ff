package dev.kubelogin.azure;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.CredentialUnavailableException;
import dev.kubelogin.core.InteractionRequiredException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a CLI (az, azd) with an argument list, never a shell, and a timeout. */
interface Commands {
  Commands SYSTEM = Commands::system;

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
    try {
      p.getOutputStream().close();
      CompletableFuture<String> out =
          CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AuthenticationFailedException(
            String.join(" ", argv.subList(0, Math.min(3, argv.size())))
                + " did not finish within "
                + timeout.toSeconds()
                + " s (--timeout, AZURE_CLI_TIMEOUT)");
      }
      return new Output(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new AuthenticationFailedException(argv.get(0) + " interrupted", e);
    } catch (IOException e) {
      throw new AuthenticationFailedException(argv.get(0) + " failed: " + e, e);
    }
  }

  private static String drain(InputStream in) {
    try (in) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
