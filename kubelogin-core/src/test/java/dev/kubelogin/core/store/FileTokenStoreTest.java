package dev.kubelogin.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.KubeloginException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTokenStoreTest {

  /** Stores strings that must start with '{' (so that other bytes are "corrupt"). */
  static final FileTokenStore.Codec<String> UTF8 =
      new FileTokenStore.Codec<>() {
        @Override
        public byte[] encode(String value) {
          return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
          String s = new String(bytes, StandardCharsets.UTF_8);
          if (!s.startsWith("{")) {
            throw new IllegalArgumentException("not a JSON object");
          }
          return s;
        }
      };

  @TempDir Path tmp;

  @Test
  void store_thenLoad_roundTripWithPrivatePermissions() throws Exception {
    Path dir = tmp.resolve("cache/oidc-login");
    FileTokenStore<String> store = FileTokenStore.create(dir, UTF8);

    store.store("k1", "{\"id_token\":\"x\"}");

    assertThat(store.load("k1")).contains("{\"id_token\":\"x\"}");
    assertThat(Files.getPosixFilePermissions(dir))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(dir.resolve("k1")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void store_existingFileWithWideMode_rewrittenPrivate() throws Exception {
    FileTokenStore<String> store = FileTokenStore.create(tmp, UTF8);
    Files.writeString(tmp.resolve("k"), "{}");
    Files.setPosixFilePermissions(tmp.resolve("k"), PosixFilePermissions.fromString("rw-rw-rw-"));

    store.store("k", "{\"a\":1}");

    assertThat(Files.getPosixFilePermissions(tmp.resolve("k")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("k");
    }
  }

  @Test
  void load_corruptOrMissingFile_isMiss() throws Exception {
    FileTokenStore<String> store = FileTokenStore.create(tmp, UTF8);
    Files.write(tmp.resolve("bad"), new byte[] {(byte) 0xff, 0, 'x'});
    Files.createDirectory(tmp.resolve("dir"));

    assertThat(store.load("bad")).isEmpty();
    assertThat(store.load("absent")).isEmpty();
    assertThat(store.load("dir")).isEmpty();
  }

  @Test
  void store_entryIsAPlantedLink_linkReplacedTargetUntouched() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    Path victim = Files.writeString(tmp.resolve("victim"), "precious");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createSymbolicLink(cache.resolve("k"), victim);
    FileTokenStore<String> store = FileTokenStore.create(cache, UTF8);

    assertThat(store.load("k")).isEmpty(); // a link is not read either
    store.store("k", "token");

    assertThat(Files.isSymbolicLink(cache.resolve("k"))).isFalse();
    assertThat(Files.readString(cache.resolve("k"))).isEqualTo("token");
    assertThat(Files.readString(victim)).isEqualTo("precious");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void lock_lockFileIsADanglingLink_failsWithoutCreatingItsTarget() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    Path target = tmp.resolve("created-by-a-link");
    Files.createSymbolicLink(cache.resolve("k.lock"), target);
    FileTokenStore<String> store = FileTokenStore.create(cache, UTF8);

    assertThatThrownBy(() -> store.lock("k", Duration.ofSeconds(1)))
        .isInstanceOf(KubeloginException.class)
        .hasMessageContaining("could not lock");
    assertThat(target).doesNotExist();
  }

  @Test
  void load_entryLargerThanTheCap_isMiss() throws Exception {
    FileTokenStore<String> store = FileTokenStore.create(tmp, UTF8);
    Files.write(tmp.resolve("big"), new byte[FileTokenStore.MAX_ENTRY_BYTES + 1]);

    assertThat(store.load("big")).isEmpty();
  }

  @Test
  void delete_removesEntry() {
    FileTokenStore<String> store = FileTokenStore.create(tmp, UTF8);
    store.store("k", "{}");
    store.delete("k");
    store.delete("k");
    assertThat(store.load("k")).isEmpty();
  }

  @Test
  void fileOf_pathLikeKey_rejected() {
    FileTokenStore<String> store = FileTokenStore.create(tmp, UTF8);
    for (String key : new String[] {"", ".", "..", "a/b", "../x"}) {
      assertThatThrownBy(() -> store.fileOf(key)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void lock_heldByAnotherThread_waiterFailsThenSucceedsAfterRelease() throws Exception {
    FileTokenStore<String> store = FileTokenStore.create(tmp, UTF8);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder =
        CompletableFuture.runAsync(
            () -> {
              try (TokenStore.Lock lock = store.lock("k", Duration.ofSeconds(30))) {
                held.countDown();
                release.await(1, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    assertThat(held.await(1, TimeUnit.MINUTES)).isTrue();

    assertThatThrownBy(() -> store.lock("k", Duration.ZERO))
        .isInstanceOf(KubeloginException.class)
        .hasMessageContaining("k.lock")
        .hasMessageContaining("another login for the same cache key is in progress");
    try (TokenStore.Lock other = store.lock("other-key", Duration.ZERO)) {
      assertThat(other).isNotNull();
    }

    release.countDown();
    holder.get(1, TimeUnit.MINUTES);
    try (TokenStore.Lock lock = store.lock("k", Duration.ZERO)) {
      assertThat(lock).isNotNull();
    }
  }

  @Test
  void lock_heldByAnotherProcess_excludedUntilReleased() throws Exception {
    FileTokenStore<String> store = FileTokenStore.create(tmp, UTF8);
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                tmp.toString(),
                "k")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = child.getOutputStream()) {
      assertThat(out.readLine()).isEqualTo("locked");

      assertThatThrownBy(() -> store.lock("k", Duration.ZERO))
          .isInstanceOf(KubeloginException.class)
          .hasMessageContaining("held by another process");

      in.write("go\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      assertThat(out.readLine()).isEqualTo("released");
    } finally {
      assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
    }
    try (TokenStore.Lock lock = store.lock("k", Duration.ZERO)) {
      assertThat(lock).isNotNull();
    }
  }
}
