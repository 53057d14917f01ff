package dev.kubelogin.core.interactive;

import java.util.regex.Pattern;

/**
 * Text from a provider (URLs, user codes, error descriptions) reaches the person's terminal only
 * without control characters (other than newline and tab) and bidirectional overrides, so it cannot
 * move the cursor, recolour the terminal or hide what follows.
 */
final class Printable {
  private static final Pattern UNPRINTABLE =
      Pattern.compile("[\\p{Cc}&&[^\\n\\t]]|[\\u202A-\\u202E\\u2066-\\u2069]");

  private Printable() {}

  static String of(String text) {
    return text == null ? null : UNPRINTABLE.matcher(text).replaceAll("");
  }

  /** {@code console}, showing only printable text. */
  static UserConsole console(UserConsole console) {
    return new UserConsole() {
      @Override
      public void println(String message) {
        console.println(of(message));
      }

      @Override
      public String readLine(String prompt) {
        return console.readLine(of(prompt));
      }

      @Override
      public String readSecret(String prompt) {
        return console.readSecret(of(prompt));
      }

      @Override
      public String toString() {
        return console.toString();
      }
    };
  }
}
