package dev.kubelogin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.KubeconfigResolver;
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

/** Static credentials in a user stanza: the token the real kubectl sends is the one we resolve. */
class StaticCredentialsKubectlIT {

  @RegisterExtension
  final FakeKubeApiServerExtension api =
      FakeKubeApiServerExtension.of(
          FakeKubeApiServer.builder()
              .staticToken("from-file", new UserInfo("file-user", List.of()))
              .staticToken("from-stanza", new UserInfo("stanza-user", List.of())));

  @TempDir Path tmp;

  @Test
  void tokenAndTokenFile_kubectlAndResolverSendTheFilesToken(FakeKubeApiServer server)
      throws Exception {
    Files.writeString(tmp.resolve("token"), "from-file\n");
    Path config = tmp.resolve("config");
    Files.writeString(config, server.kubeconfig("token: from-stanza\ntokenFile: token"));

    Process kubectl =
        new ProcessBuilder(RealKubectl.path(), "--kubeconfig=" + config, "auth", "whoami")
            .redirectOutput(tmp.resolve("out").toFile())
            .redirectError(tmp.resolve("err").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    assertThat(kubectl.waitFor(2, TimeUnit.MINUTES)).isTrue();

    assertThat(kubectl.exitValue()).as(Files.readString(tmp.resolve("err"))).isZero();
    assertThat(Files.readString(tmp.resolve("out"))).contains("file-user");
    assertThat(server.requests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.bearerToken()).contains("from-file"));
    String ours =
        KubeconfigResolver.builder()
            .loader(KubeconfigLoader.builder().explicitFile(config).build())
            .environment(Map.of())
            .interactive(false)
            .build()
            .resolve()
            .credentials()
            .tokenProvider()
            .orElseThrow()
            .token()
            .value();
    assertThat(ours).isEqualTo("from-file");
  }
}
