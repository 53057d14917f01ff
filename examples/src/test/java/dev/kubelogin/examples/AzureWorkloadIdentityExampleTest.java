package dev.kubelogin.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AzureWorkloadIdentityExampleTest {
  @Test
  void main_logsInWithTheFederatedTokenOnceForThreeRequests() throws Exception {
    String out = Stdout.of(() -> AzureWorkloadIdentityExample.main(new String[0]));

    assertThat(out).contains("request 3: namespaces [default, kube-system]");
    assertThat(out)
        .contains(
            "API server saw [spn-client]; Entra ID token requests: 1"
                + " (client_assertion = the federated token: true)");
  }
}
