package dev.kubelogin.core.exec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * What an exec plugin prints, and what {@code KUBERNETES_EXEC_INFO} holds, end in a credential or
 * in client-go's error, never in another exception, a hang or unbounded memory.
 */
class ExecCredentialFuzzTest {

  @Timeout(10) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void readPluginOutput_anyBytes_credentialOrAuthenticationFailed(byte[] data) {
    String stdout = new String(data, StandardCharsets.UTF_8);
    for (String version : new String[] {ExecCredentialCodec.V1, ExecCredentialCodec.V1BETA1}) {
      try {
        ExecCredentialCodec.readPluginOutput(stdout, version);
      } catch (AuthenticationFailedException e) {
        // client-go's message for a bad plugin output
      }
    }
  }

  @Timeout(10) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void readExecInfo_anyText_infoOrInvalidConfiguration(byte[] data) {
    try {
      ExecCredentialCodec.readExecInfo(new String(data, StandardCharsets.UTF_8));
    } catch (InvalidConfigurationException e) {
      // not an ExecCredential of a known version
    }
  }
}
