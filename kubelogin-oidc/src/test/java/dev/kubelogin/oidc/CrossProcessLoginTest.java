package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs on one empty cache: one login at the provider, one cache write, both served. */
class CrossProcessLoginTest {
  @TempDir Path home;

  private Process contender(String issuer) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            CacheContender.class.getName(),
            issuer,
            home.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  @Test
  void token_twoProcessesOnAnEmptyCache_oneLogin() throws Exception {
    try (ScriptedIdp idp = new ScriptedIdp()) {
      idp.tokenGate = new CountDownLatch(1);
      String id = idp.idToken(Instant.now(), Instant.now().plusSeconds(3600));
      idp.answerTokens(id, "rt");
      idp.answerToken(500, "{\"error\":\"second_login\"}");

      List<Process> processes = List.of(contender(idp.issuer), contender(idp.issuer));
      List<BufferedReader> outs = new ArrayList<>();
      for (Process p : processes) {
        BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("calling");
        outs.add(out);
      }
      // One process holds the cache lock while the provider withholds its answer; the other is
      // past "calling", so it waits on the lock or finds the cache filled.
      assertThat(idp.tokenArrived.await(60, TimeUnit.SECONDS)).isTrue();
      idp.tokenGate.countDown();

      for (int i = 0; i < 2; i++) {
        assertThat(outs.get(i).readLine()).isEqualTo(id);
        assertThat(processes.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(processes.get(i).exitValue()).isZero();
      }
      assertThat(idp.tokenRequests).hasSize(1);
    }
  }
}
