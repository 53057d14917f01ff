package dev.kubelogin.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.KubeloginException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The macOS Keychain backend's side of the conversation with {@code /usr/bin/security}: the
 * commands go-keyring sends and the three value forms it reads. macOS is not available here, so a
 * script stands in for {@code security}: it records what it is given and answers as {@code
 * security} does (exit 44 and "could not be found" for a missing item).
 */
class MacKeychainTest {
  @TempDir Path dir;

  private MacKeychain keychain(String findAnswer) throws Exception {
    Path script = dir.resolve("security");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "printf '%s\\n' \"$@\" >> '"
            + dir.resolve("argv")
            + "'\n"
            + "cat >> '"
            + dir.resolve("stdin")
            + "'\n"
            + "case \"$1\" in\n"
            + "  find-generic-password) "
            + (findAnswer == null
                ? "echo 'security: SecKeychainSearchCopyNext: The specified item could not be found"
                    + " in the keychain.' >&2; exit 44;;\n"
                : "printf '%s\\n' '" + findAnswer + "';;\n")
            + "  delete-generic-password) n=$(cat '"
            + dir.resolve("count")
            + "' 2>/dev/null || echo 0); if [ \"$n\" -ge 2 ]; then echo 'The specified item could"
            + " not be found in the keychain.' >&2; exit 44; fi; echo $((n+1)) > '"
            + dir.resolve("count")
            + "';;\n"
            + "esac\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return new MacKeychain(script);
  }

  @Test
  void writesThroughStandardInputInGoKeyringsBase64Form() throws Exception {
    MacKeychain k = keychain(null);
    byte[] record = "{\"id_token\":\"a.b.c\"}".getBytes(StandardCharsets.UTF_8);

    k.write("kubelogin", "kubelogin/tokencache/abc", "label", record);

    assertThat(Files.readString(dir.resolve("argv"))).isEqualTo("-i\n");
    assertThat(Files.readString(dir.resolve("stdin")))
        .isEqualTo(
            "add-generic-password -U -s kubelogin -a kubelogin/tokencache/abc -w"
                + " go-keyring-base64:"
                + Base64.getEncoder().encodeToString(record)
                + "\n");
  }

  @Test
  void readsEachOfGoKeyringsForms() throws Exception {
    String json = "{\"id_token\":\"x\"}";
    assertThat(
            keychain("go-keyring-base64:" + Base64.getEncoder().encodeToString(json.getBytes()))
                .read("kubelogin", "a"))
        .hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo(json));
    assertThat(MacKeychain.decode("go-keyring-encoded:7b7d")).isEqualTo("{}".getBytes());
    assertThat(MacKeychain.decode(json)).isEqualTo(json.getBytes());
    assertThat(Files.readString(dir.resolve("argv")))
        .isEqualTo("find-generic-password\n-s\nkubelogin\n-wa\na\n");
  }

  @Test
  void aMissingItemIsEmpty() throws Exception {
    assertThat(keychain(null).read("kubelogin", "a")).isEmpty();
  }

  @Test
  void aRecordTooLargeForSecurityIsAClearErrorAndNothingIsRun() throws Exception {
    MacKeychain k = keychain(null);

    assertThatThrownBy(() -> k.write("kubelogin", "acct", "label", new byte[3500]))
        .isInstanceOf(KubeloginException.class)
        .hasMessageContaining("3500 bytes")
        .hasMessageContaining("--token-cache-storage=disk");
    assertThat(dir.resolve("argv")).doesNotExist();
  }

  @Test
  void deleteAllDeletesUntilNoneIsFound() throws Exception {
    assertThat(keychain(null).deleteAll("kubelogin")).isEqualTo(2);
  }

  @Test
  void quotesAsAShellWord() {
    assertThat(MacKeychain.quote("kubelogin/tokencache/ab")).isEqualTo("kubelogin/tokencache/ab");
    assertThat(MacKeychain.quote("it's")).isEqualTo("'it'\"'\"'s'");
    assertThat(MacKeychain.quote("")).isEqualTo("''");
  }
}
