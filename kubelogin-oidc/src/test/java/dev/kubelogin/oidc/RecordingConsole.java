package dev.kubelogin.oidc;

import dev.kubelogin.core.interactive.UserConsole;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A console that keeps what a login shows and fails the test if the login asks anything. */
final class RecordingConsole implements UserConsole {
  final List<String> printed = new CopyOnWriteArrayList<>();

  @Override
  public void println(String message) {
    printed.add(message);
  }

  @Override
  public String readLine(String prompt) {
    throw new AssertionError("no prompt expected: " + prompt);
  }

  @Override
  public String readSecret(String prompt) {
    throw new AssertionError("no prompt expected: " + prompt);
  }
}
