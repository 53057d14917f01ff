package dev.kubelogin.azure;

import static dev.kubelogin.testing.FakeEntra.SERVER_ID;
import static dev.kubelogin.testing.FakeEntra.SPN_CLIENT;
import static dev.kubelogin.testing.FakeEntra.SPN_SECRET;
import static dev.kubelogin.testing.FakeEntra.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.store.SecretServiceDaemon;
import dev.kubelogin.testing.FakeEntraExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --token-cache-storage=keyring} for MSAL's cache, against a real Secret Service (GNOME
 * Keyring on a private D-Bus session bus): the cache lives in the keyring, a second provider
 * (another process) is served from it, nothing of it is on disk, and {@code remove-cache-dir}
 * removes it.
 */
class KeyringCacheTest {
  private static SecretServiceDaemon keyring;
  @TempDir Path cache;
  @RegisterExtension final FakeEntraExtension entra = FakeEntraExtension.create();

  @BeforeAll
  static void startKeyring() throws Exception {
    keyring = SecretServiceDaemon.start();
  }

  @AfterAll
  static void stopKeyring() {
    if (keyring != null) {
      keyring.close();
    }
  }

  private AzureTokenProvider spn(Map<String, String> env) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server-id",
                SERVER_ID,
                "--cache-dir",
                cache.toString(),
                "-l",
                "spn",
                "--client-id",
                SPN_CLIENT,
                "-t",
                TENANT,
                "--client-secret",
                SPN_SECRET,
                "--token-cache-storage",
                "keyring"));
    return AzureTokenProvider.builder(AzureOptions.parse(args, Map.of()))
        .routeRequests(entra.get()::redirect)
        .environment(env)
        .build();
  }

  private String account() {
    return cache.toAbsolutePath() + "/" + MsalCacheFile.TOKENS;
  }

  @Test
  void msalsCacheLivesInTheKeyringAndIsServedFromIt() throws Exception {
    AccessToken first = spn(keyring.environment()).token();
    AccessToken second = spn(keyring.environment()).token();

    assertThat(second.value()).isEqualTo(first.value());
    assertThat(entra.get().tokenRequestCount("client_credentials")).isEqualTo(1);
    String json =
        keyring.secretTool(
            null, "lookup", "service", MsalCacheFile.KEYRING_SERVICE, "username", account());
    assertThat(json).contains("\"AccessToken\"").contains(first.value());
    try (Stream<Path> files = Files.walk(cache)) {
      assertThat(files.filter(Files::isRegularFile))
          .allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".lock"));
    }
  }

  @Test
  void removeCacheRemovesTheKeyringEntry() throws Exception {
    spn(keyring.environment()).token();

    AzureTokenProvider.removeCache(cache, keyring.environment());

    assertThatThrownBy(
            () ->
                keyring.secretTool(
                    null,
                    "lookup",
                    "service",
                    MsalCacheFile.KEYRING_SERVICE,
                    "username",
                    account()))
        .hasMessageContaining("exited");
    AccessToken again = spn(keyring.environment()).token();
    assertThat(again.value()).isNotNull();
    assertThat(entra.get().tokenRequestCount("client_credentials")).isEqualTo(2);
  }

  @Test
  void withoutAKeyringTheErrorSaysWhatToDo() {
    assertThatThrownBy(() -> spn(Map.of()).token())
        .isInstanceOf(KubeloginException.class)
        .hasMessageContaining("keyring storage needs the Secret Service")
        .hasMessageNotContaining(SPN_SECRET);
  }
}
