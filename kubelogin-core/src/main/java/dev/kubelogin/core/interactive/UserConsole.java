package dev.kubelogin.core.interactive;

import dev.kubelogin.core.InteractionRequiredException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where a login shows URLs and codes and asks for what it lacks (username, password, a pasted
 * code). Nothing here writes to stdout: a credential plugin's stdout carries only the
 * ExecCredential.
 *
 * <p>Implementations are thread-safe.
 */
public interface UserConsole {

  /** Shows one line to the person, for example a URL to visit. */
  void println(String message);

  /**
   * Shows {@code prompt} and reads one line, without its line terminator.
   *
   * @throws InteractionRequiredException when there is no one to answer
   */
  String readLine(String prompt);

  /**
   * Shows {@code prompt} and reads a secret without echoing it.
   *
   * @throws InteractionRequiredException when there is no one to answer
   */
  String readSecret(String prompt);

  /**
   * The process's terminal: messages and prompts on stderr; answers from the console when there is
   * one (secrets without echo), else from stdin.
   */
  static UserConsole system() {
    return new UserConsole() {
      private final PrintStream err = System.err;
      private BufferedReader stdin;

      @Override
      public void println(String message) {
        err.println(message);
      }

      @Override
      public synchronized String readLine(String prompt) {
        err.print(prompt);
        err.flush();
        try {
          if (stdin == null) {
            stdin = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
          }
          String line = stdin.readLine();
          if (line == null) {
            throw new InteractionRequiredException(
                "no answer to \"" + prompt.strip() + "\": stdin is closed");
          }
          return line;
        } catch (IOException e) {
          throw new InteractionRequiredException("could not read stdin: " + e.getMessage(), e);
        }
      }

      @Override
      public synchronized String readSecret(String prompt) {
        Console console = System.console();
        if (console == null) {
          return readLine(prompt);
        }
        char[] secret = console.readPassword("%s", prompt);
        if (secret == null) {
          throw new InteractionRequiredException(
              "no answer to \"" + prompt.strip() + "\": the console is closed");
        }
        return new String(secret);
      }
    };
  }

  /**
   * {@code console}, showing only printable text: control characters other than newline and tab,
   * and bidirectional overrides, are removed from messages and prompts, so text from a provider
   * (URLs, codes, error descriptions) cannot move the cursor, recolour the terminal or hide what
   * follows. Logins wrap the console they are given in this.
   */
  static UserConsole printable(UserConsole console) {
    return Printable.console(console);
  }

  /** {@code text} as {@link #printable(UserConsole)} shows it; null for null. */
  static String printable(String text) {
    return Printable.of(text);
  }

  /**
   * A console with no one behind it: messages go to stderr, and every question fails with {@link
   * InteractionRequiredException}.
   */
  static UserConsole nonInteractive() {
    return nonInteractive(message -> System.err.println(message));
  }

  /**
   * A console with no one behind it that shows messages through {@code messages} (an IDE's log
   * window, a test's list); every question fails with {@link InteractionRequiredException}.
   */
  static UserConsole nonInteractive(Consumer<String> messages) {
    Objects.requireNonNull(messages, "messages");
    return new UserConsole() {
      @Override
      public void println(String message) {
        messages.accept(message);
      }

      @Override
      public String readLine(String prompt) {
        throw new InteractionRequiredException(
            "login required: \"" + prompt.strip() + "\" needs an answer and no one can give it");
      }

      @Override
      public String readSecret(String prompt) {
        return readLine(prompt);
      }
    };
  }
}
