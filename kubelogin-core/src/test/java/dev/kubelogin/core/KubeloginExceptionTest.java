package dev.kubelogin.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubeloginExceptionTest {

  @Test
  void message_controlCharactersAndBidiOverrides_removedNewlinesAndTabsKept() {
    String fromOutside = "denied:\u001b[2J\u001b[31m red\rover\u0007\u009b\u202Eevil\u2066\n\tnext";

    assertThat(new AuthenticationFailedException(fromOutside).getMessage())
        .isEqualTo("denied:[2J[31m redoverevil\n\tnext");
    assertThat(new KubeloginException(null).getMessage()).isNull();
  }
}
