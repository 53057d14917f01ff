package dev.kubelogin.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubelogin.core.KubeloginException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyring storage against a real Secret Service (GNOME Keyring on a private D-Bus), checked with
 * libsecret's {@code secret-tool} — an independent client that finds items by the same attributes
 * go-keyring (int128/kubelogin) uses.
 */
class KeyringTokenStoreTest {
  private static final FileTokenStore.Codec<String> UTF8 =
      new FileTokenStore.Codec<>() {
        @Override
        public byte[] encode(String value) {
          return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
          String s = new String(bytes, StandardCharsets.UTF_8);
          if (!s.startsWith("{")) {
            throw new IllegalArgumentException("not a record");
          }
          return s;
        }
      };

  private static SecretServiceDaemon daemon;

  @TempDir Path locks;

  @BeforeAll
  static void startSecretService() throws Exception {
    daemon = SecretServiceDaemon.start();
  }

  @AfterAll
  static void stopSecretService() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private KeyringTokenStore<String> store(String service) {
    return KeyringTokenStore.create(
        SecretServiceKeyring.at(daemon.address()), service, "kubelogin/tokencache/", locks, UTF8);
  }

  private static String key() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void storesInGoKeyringsLayoutThatLibsecretFinds() throws Exception {
    KeyringTokenStore<String> store = store("kubelogin");
    String key = key();
    String record = "{\"id_token\":\"a.b.c\",\"refresh_token\":\"r-é\"}";

    store.store(key, record);

    assertThat(store.load(key)).contains(record);
    assertThat(
            secretTool("lookup", "service", "kubelogin", "username", "kubelogin/tokencache/" + key))
        .isEqualTo(record);
    assertThat(itemsOf(key))
        .contains("label = Password for 'kubelogin/tokencache/" + key + "' on 'kubelogin'");
    assertThat(Files.list(locks)).isEmpty();
  }

  @Test
  void readsWhatAnotherSecretServiceClientStored() throws Exception {
    KeyringTokenStore<String> store = store("kubelogin");
    String key = key();
    String record = "{\"id_token\":\"x.y.z\"}";

    secretToolStore(record, "service", "kubelogin", "username", "kubelogin/tokencache/" + key);

    assertThat(store.load(key)).contains(record);
  }

  @Test
  void storingAgainReplacesTheOneItem() throws Exception {
    KeyringTokenStore<String> store = store("kubelogin");
    String key = key();

    store.store(key, "{\"id_token\":\"first\"}");
    store.store(key, "{\"id_token\":\"second\"}");

    assertThat(store.load(key)).contains("{\"id_token\":\"second\"}");
    assertThat(itemsOf(key)).containsOnlyOnce("label = ");
  }

  @Test
  void aMissingEntryIsEmptyAndDeleteRemovesOne() {
    KeyringTokenStore<String> store = store("kubelogin");
    String key = key();
    assertThat(store.load(key)).isEmpty();

    store.store(key, "{}");
    store.delete(key);
    store.delete(key);

    assertThat(store.load(key)).isEmpty();
  }

  @Test
  void aCorruptEntryIsAMissAndDoesNotShowItsContent() {
    KeyringTokenStore<String> store = store("kubelogin");
    String key = key();
    store.store(key, "{\"id_token\":\"ok\"}");
    SecretServiceKeyring.at(daemon.address())
        .write("kubelogin", store.accountOf(key), "x", "secret-garbage".getBytes());

    assertThat(store.load(key)).isEmpty();
  }

  @Test
  void deleteAllRemovesEveryItemOfTheServiceAndNoOther() {
    SecretServiceKeyring keyring = SecretServiceKeyring.at(daemon.address());
    KeyringTokenStore<String> mine = store("kubelogin-deleteall");
    KeyringTokenStore<String> other = store("kubelogin-other");
    String a = key();
    String b = key();
    mine.store(a, "{\"n\":1}");
    mine.store(b, "{\"n\":2}");
    other.store(a, "{\"n\":3}");

    assertThat(keyring.deleteAll("kubelogin-deleteall")).isEqualTo(2);

    assertThat(mine.load(a)).isEmpty();
    assertThat(mine.load(b)).isEmpty();
    assertThat(other.load(a)).contains("{\"n\":3}");
    assertThat(keyring.deleteAll("kubelogin-deleteall")).isZero();
  }

  @Test
  void locksAreLockFilesBesideWhereTheGoToolTakesThem() {
    KeyringTokenStore<String> store = store("kubelogin");
    String key = key();
    try (TokenStore.Lock held = store.lock(key, Duration.ofSeconds(5))) {
      assertThat(locks.resolve(key + ".lock")).exists();
      assertThatThrownBy(() -> store.lock(key, Duration.ZERO))
          .isInstanceOf(KubeloginException.class)
          .hasMessageContaining("another login for the same cache key");
    }
  }

  @Test
  void noSessionBusIsAClearErrorBeforeAnyLogin(@TempDir Path nowhere) {
    KeyringTokenStore<String> store =
        KeyringTokenStore.create(
            SecretServiceKeyring.at("unix:path=" + nowhere.resolve("no-bus")),
            "kubelogin",
            "kubelogin/tokencache/",
            locks,
            UTF8);

    assertThatThrownBy(() -> store.load(key()))
        .isInstanceOf(KubeloginException.class)
        .hasMessageContaining("does not answer")
        .hasMessageContaining("--token-cache-storage=disk");
  }

  @Test
  void aLockedKeyringIsAClearErrorAndLeavesItsItems() throws Exception {
    try (SecretServiceDaemon own = SecretServiceDaemon.start()) {
      KeyringTokenStore<String> store =
          KeyringTokenStore.create(
              SecretServiceKeyring.at(own.address()),
              "kubelogin",
              "kubelogin/tokencache/",
              locks,
              UTF8);
      String key = key();
      store.store(key, "{\"id_token\":\"kept\"}");

      own.lockAll();

      assertThatThrownBy(() -> store.load(key))
          .isInstanceOf(KubeloginException.class)
          .hasMessageContaining("locked and unlocking it needs a person")
          .hasMessageNotContaining("kept");
      assertThatThrownBy(() -> store.store(key, "{\"id_token\":\"new\"}"))
          .isInstanceOf(KubeloginException.class)
          .hasMessageContaining("locked");
    }
  }

  @Test
  void toStringNamesTheKeyringNotTheEntries() {
    KeyringTokenStore<String> store = store("kubelogin");
    String key = key();
    store.store(key, "{\"id_token\":\"do-not-print\"}");

    assertThat(store.toString())
        .contains("the Secret Service")
        .contains("kubelogin")
        .doesNotContain("do-not-print");
  }

  @Test
  void theSystemKeyringOnThisMachineIsTheSecretService() {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"));
    assertThat(Keyring.system(Map.of()).description()).isEqualTo("the Secret Service");
  }

  /** What secret-tool lists for int128's item of {@code key}: one "label = …" line per item. */
  private static String itemsOf(String key) throws Exception {
    return secretTool(
        "search", "--all", "service", "kubelogin", "username", "kubelogin/tokencache/" + key);
  }

  private static String secretTool(String... args) throws Exception {
    return daemon.secretTool(null, args);
  }

  private static void secretToolStore(String value, String... attributes) throws Exception {
    List<String> args = new ArrayList<>(List.of("store", "--label=stored by secret-tool"));
    args.addAll(List.of(attributes));
    daemon.secretTool(value, args.toArray(String[]::new));
  }
}
