package dev.kubelogin.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Native;
import dev.kubelogin.core.KubeloginException;
import org.junit.jupiter.api.Test;

/**
 * What of the Windows Credential Manager backend can be checked off Windows: the structure's layout
 * (CREDENTIALW is 80 bytes on 64-bit Windows, 52 on 32-bit), go-keyring's target names, and the
 * size limit, which must fail before any native call (here the library would not even load).
 */
class WindowsCredentialsTest {

  @Test
  void credentialHasCredentialwsLayout() {
    assertThat(new WindowsCredentials.Credential().size())
        .isEqualTo(Native.POINTER_SIZE == 8 ? 80 : 52);
  }

  @Test
  void targetNamesAreGoKeyrings() {
    assertThat(WindowsCredentials.targetName("kubelogin", "kubelogin/tokencache/ab"))
        .isEqualTo("kubelogin:kubelogin/tokencache/ab");
  }

  @Test
  void aRecordOverTheBlobLimitIsAClearErrorBeforeAnyNativeCall() {
    WindowsCredentials k = new WindowsCredentials();

    assertThatThrownBy(() -> k.write("kubelogin", "acct", "label", new byte[2561]))
        .isInstanceOf(KubeloginException.class)
        .hasMessageContaining("2561 bytes")
        .hasMessageContaining("at most 2560")
        .hasMessageContaining("--token-cache-storage=disk");
  }
}
