package dev.kubelogin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import dev.kubelogin.core.store.SecretServiceDaemon;
import dev.kubelogin.oidc.GetTokenOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * int128's {@code --token-cache-storage=keyring} against a real Secret Service (GNOME Keyring on a
 * private D-Bus session bus): tokens go to the keyring under int128's names and nowhere on disk, a
 * second call is served from it, {@code clean} removes them, and a machine without a keyring gets a
 * clear error before any login.
 */
class KeyringStorageTest {
  private static final String V1_INFO =
      "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
          + "\"spec\":{\"interactive\":false}}";
  private static TestIdp idp;
  private static SecretServiceDaemon keyring;
  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    keyring = SecretServiceDaemon.start();
    idp = new TestIdp(3600);
  }

  @AfterAll
  static void stop() {
    if (idp != null) {
      idp.close();
    }
    if (keyring != null) {
      keyring.close();
    }
  }

  private List<String> args() {
    return List.of(
        "get-token",
        "--oidc-issuer-url=" + idp.issuer(),
        "--oidc-client-id=kubernetes",
        "--grant-type=password",
        "--username=alice",
        "--password=pw",
        "--token-cache-storage=keyring");
  }

  private CliRun run(Map<String, String> env, List<String> args) {
    return CliRun.of(home, env, args);
  }

  private Map<String, String> withKeyring() {
    return Map.of("KUBERNETES_EXEC_INFO", V1_INFO, "DBUS_SESSION_BUS_ADDRESS", keyring.address());
  }

  private static String token(CliRun run) {
    assertThat(run.exit()).as(run.stderr()).isZero();
    return JsonParser.parseString(run.stdout())
        .getAsJsonObject()
        .getAsJsonObject("status")
        .get("token")
        .getAsString();
  }

  private String account() {
    GetTokenOptions o = GetTokenOptions.parse(args().subList(1, args().size()));
    return "kubelogin/tokencache/" + o.cacheKey(home).fileName();
  }

  @Test
  void tokensLiveInTheKeyringUnderInt128sNamesAndNotOnDisk() throws Exception {
    String first = token(run(withKeyring(), args()));
    String second = token(run(withKeyring(), args()));

    assertThat(second).isEqualTo(first);
    String record =
        keyring.secretTool(null, "lookup", "service", "kubelogin", "username", account());
    assertThat(JsonParser.parseString(record).getAsJsonObject().get("id_token").getAsString())
        .isEqualTo(first);
    Path cacheDir = home.resolve(".kube/cache/oidc-login");
    try (Stream<Path> files = Files.walk(cacheDir)) {
      assertThat(files.filter(Files::isRegularFile))
          .as("only lock files and the kubectl-retry record; no token, no prepared response")
          .allSatisfy(f -> assertThat(f.getFileName().toString()).matches(".*\\.(lock|served)"));
    }
    try (Stream<Path> files = Files.walk(cacheDir)) {
      assertThat(files.filter(Files::isRegularFile))
          .noneSatisfy(f -> assertThat(Files.readString(f)).contains(first));
    }
  }

  @Test
  void cleanRemovesTheKeyringTokens() throws Exception {
    token(run(withKeyring(), args()));

    CliRun clean = run(withKeyring(), List.of("oidc-login", "clean"));

    assertThat(clean.exit()).isZero();
    assertThat(clean.stderr()).endsWith("Deleted the token cache from the keyring\n");
    assertThatThrownBy(
            () -> keyring.secretTool(null, "lookup", "service", "kubelogin", "username", account()))
        .hasMessageContaining("exited");
  }

  @Test
  void withoutAKeyringItFailsBeforeLoggingInAndSaysWhatToDo() {
    CliRun run = run(Map.of("KUBERNETES_EXEC_INFO", V1_INFO), args());

    assertThat(run.exit()).isNotZero();
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr())
        .contains("keyring storage needs the Secret Service")
        .contains("--token-cache-storage=disk");
  }
}
