package dev.kubelogin.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's first command keeps working. */
class DemoTest {
  @Test
  void main_logsInOnceAndIsRecognisedThreeTimes() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Demo.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);

    assertThat(out.split("you are \"oidc:alice\" in groups \\[\"oidc:developers\"", -1)).hasSize(4);
    assertThat(out).containsOnlyOnce("browser opens");
    assertThat(out).containsPattern("cache file: [0-9a-f]{64}\n");
  }
}
