package dev.kubelogin.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The README's first command keeps working. */
class DemoTest {
  @Test
  void main_logsInOnceAndIsRecognisedThreeTimes() throws Exception {
    String out = Stdout.of(() -> Demo.main(new String[0]));

    assertThat(out.split("you are \"oidc:alice\" in groups \\[\"oidc:developers\"", -1)).hasSize(4);
    assertThat(out).containsOnlyOnce("browser opens");
    assertThat(out).containsPattern("cache file: [0-9a-f]{64}\n");
  }
}
