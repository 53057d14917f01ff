package dev.kubelogin.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OperatorExampleTest {
  @Test
  void main_watchOutlivesTokensAndAnIdentityProviderRestart() throws Exception {
    String out = Stdout.of(() -> OperatorExample.main(new String[0]));

    for (int round = 1; round <= OperatorExample.ROUNDS; round++) {
      assertThat(out).contains("round " + round + ": the watch reported team-" + round);
    }
    assertThat(out).doesNotContain("closed for good");
    Matcher done =
        Pattern.compile("done: (\\d+) watch requests with (\\d+) different tokens").matcher(out);
    assertThat(done.find()).as(out).isTrue();
    assertThat(Integer.parseInt(done.group(1))).isGreaterThan(OperatorExample.ROUNDS);
    assertThat(Integer.parseInt(done.group(2))).isGreaterThanOrEqualTo(2);
  }
}
