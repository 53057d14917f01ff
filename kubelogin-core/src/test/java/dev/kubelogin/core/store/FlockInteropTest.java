package dev.kubelogin.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our lock files against a process holding {@code flock(2)}, as int128/kubelogin (gofrs/flock) and
 * MSAL Go do: util-linux's {@code flock} command stands for them. Each excludes the other.
 */
class FlockInteropTest {
  private static final Path FLOCK = Path.of("/usr/bin/flock");
  @TempDir Path tmp;
  private Path lockFile;

  @BeforeEach
  void needsFlock() {
    Assumptions.assumeTrue(Files.isExecutable(FLOCK), "util-linux flock is not installed");
    assertThat(Flock.available()).as("flock through JNA on this platform").isTrue();
    lockFile = tmp.resolve("0123abcd.lock");
  }

  @Test
  void heldByAFlockProcess_weWait_thenTakeItWhenItIsReleased() throws Exception {
    Process holder =
        new ProcessBuilder(
                FLOCK.toString(), lockFile.toString(), "sh", "-c", "echo held; read line")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = holder.getOutputStream()) {
      assertThat(out.readLine()).isEqualTo("held");

      assertThatThrownBy(() -> FileLocks.lockFile(lockFile, Duration.ofMillis(200)))
          .isInstanceOf(TimeoutException.class);

      in.write('\n');
      in.flush();
      assertThat(holder.waitFor(1, TimeUnit.MINUTES)).isTrue();
    }
    try (FileLocks.Held held = FileLocks.lockFile(lockFile, Duration.ofMinutes(1))) {
      assertThat(held).isNotNull();
    }
  }

  @Test
  void heldByUs_aFlockProcessCannotTakeIt_untilWeRelease() throws Exception {
    try (FileLocks.Held held = FileLocks.lockFile(lockFile, Duration.ofSeconds(10))) {
      assertThat(tryFlock()).as("while we hold it").isEqualTo(1);
    }
    assertThat(tryFlock()).as("after release").isZero();
  }

  @Test
  void tokenStoreLock_excludesTheGoToolsLockOfTheSameKey() throws Exception {
    FileTokenStore<String> store = FileTokenStore.create(tmp, FileTokenStoreTest.UTF8);
    String key = "0123abcd";
    try (TokenStore.Lock lock = store.lock(key, Duration.ofSeconds(10))) {
      assertThat(tryFlock()).isEqualTo(1);
    }
    assertThat(tryFlock()).isZero();
  }

  /** {@code flock -n}: 0 when it got the lock (and let it go), 1 when another holds it. */
  private int tryFlock() throws Exception {
    Process p =
        new ProcessBuilder(FLOCK.toString(), "-n", "-E", "1", lockFile.toString(), "true")
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return p.exitValue();
  }
}
