package dev.kubelogin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.testsupport.RealKubectl;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl auth whoami} shows the user an AuthenticationConfiguration maps a token to. */
class AuthenticationConfigurationKubectlIT {
  @RegisterExtension
  static final TestIdentityProviderExtension idp =
      TestIdentityProviderExtension.of(
          TestIdentityProvider.builder()
              .https()
              .user("alice", List.of("dev"))
              .claims("alice", Map.of("tenant", "t1")));

  @TempDir Path tmp;

  @Test
  void whoami_showsTheMappedUsernameUidGroupsAndExtra() throws Exception {
    String yaml =
        "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt:\n"
            + "- issuer:\n    url: "
            + idp.get().issuerUrl()
            + "\n    audiences: [kubernetes]\n    certificateAuthority: |\n      "
            + idp.get().certificateAuthorityPem().strip().replace("\n", "\n      ")
            + "\n  claimMappings:\n"
            + "    username: {expression: \"'oidc:' + claims.sub\"}\n"
            + "    groups: {claim: groups, prefix: 'oidc:'}\n"
            + "    uid: {expression: \"claims.tenant + '/' + claims.sub\"}\n"
            + "    extra:\n    - {key: example.com/tenant, valueExpression: claims.tenant}\n";
    Path file = Files.writeString(tmp.resolve("authn.yaml"), yaml);
    String token = TestExtensionsTest.passwordToken(idp.get(), "kubernetes", "alice");
    try (FakeKubeApiServer api =
        FakeKubeApiServer.builder()
            .authenticationConfiguration(AuthenticationConfiguration.load(file))
            .start()) {
      Path config = Files.writeString(tmp.resolve("config"), api.kubeconfig("token: " + token));

      Process kubectl =
          new ProcessBuilder(RealKubectl.path(), "--kubeconfig=" + config, "auth", "whoami")
              .redirectOutput(tmp.resolve("out").toFile())
              .redirectError(tmp.resolve("err").toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      assertThat(kubectl.waitFor(2, TimeUnit.MINUTES)).isTrue();

      assertThat(kubectl.exitValue()).as(Files.readString(tmp.resolve("err"))).isZero();
      assertThat(Files.readString(tmp.resolve("out")))
          .containsPattern("Username\\s+oidc:alice")
          .containsPattern("UID\\s+t1/alice")
          .containsPattern("Groups\\s+\\[oidc:dev system:authenticated\\]")
          .containsPattern("Extra: example.com/tenant\\s+\\[t1\\]")
          .containsPattern("Extra: authentication.kubernetes.io/credential-id\\s+\\[JTI=");
    }
  }
}
