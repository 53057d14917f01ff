package dev.kubelogin.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.FakeClock;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** client-go's in-cluster configuration, from a service account mounted as the kubelet does. */
class InClusterConfigTest {
  @TempDir Path tmp;
  private Path home;
  private Path account;
  private final FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Map<String, String> env =
      new HashMap<>(
          Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"));

  @BeforeEach
  void mount() throws Exception {
    home = Files.createDirectories(tmp.resolve("home"));
    account = Files.createDirectories(tmp.resolve("serviceaccount"));
    project("..2030_01_01_00_00_00.1", "token-1");
    Files.createSymbolicLink(account.resolve("token"), Path.of("..data/token"));
    Files.createSymbolicLink(account.resolve("ca.crt"), Path.of("..data/ca.crt"));
    Files.createSymbolicLink(account.resolve("namespace"), Path.of("..data/namespace"));
  }

  /** Writes a projected volume's data directory and points {@code ..data} at it, as the kubelet. */
  private void project(String version, String token) throws Exception {
    Path data = Files.createDirectories(account.resolve(version));
    Files.writeString(data.resolve("token"), token);
    Files.writeString(data.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
    Files.writeString(data.resolve("namespace"), "team-a\n");
    Files.setLastModifiedTime(
        data.resolve("token"), java.nio.file.attribute.FileTime.from(clock.instant()));
    Path link = account.resolve("..data_tmp");
    Files.createSymbolicLink(link, Path.of(version));
    Files.move(link, account.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
  }

  private KubeconfigResolver resolver(Path kubeconfig) {
    KubeconfigLoader.Builder loader =
        KubeconfigLoader.builder().kubeconfigEnv(null).homeDirectory(home);
    if (kubeconfig != null) {
      loader.explicitFile(kubeconfig);
    }
    return KubeconfigResolver.builder()
        .loader(loader.build())
        .environment(env)
        .serviceAccountDirectory(account)
        .interactive(false)
        .clock(clock)
        .build();
  }

  @Test
  void noKubeconfigInAPod_theServiceAccount_tokenReadAgainAfterRotation() throws Exception {
    ResolvedContext context = resolver(null).resolve();

    assertThat(context.name()).isEqualTo("in-cluster");
    assertThat(context.namespace()).contains("team-a");
    assertThat(context.cluster().server()).isEqualTo("https://10.96.0.1:443");
    assertThat(context.cluster().certificateAuthorityPem()).isPresent();
    var tokens = context.credentials().tokenProvider().orElseThrow();
    assertThat(tokens.token().value()).isEqualTo("token-1");

    clock.advance(Duration.ofMinutes(50));
    project("..2030_01_01_00_50_00.2", "token-2");
    clock.advance(Duration.ofSeconds(2));

    assertThat(tokens.token().value()).isEqualTo("token-2");
  }

  @Test
  void ipv6Host_podNamespace_noNamespaceFile() throws Exception {
    env.put("KUBERNETES_SERVICE_HOST", "fd00:10:96::1");
    env.put("POD_NAMESPACE", "from-env");

    ResolvedContext context = resolver(null).resolve();

    assertThat(context.cluster().server()).isEqualTo("https://[fd00:10:96::1]:443");
    assertThat(context.namespace()).contains("from-env");

    env.remove("POD_NAMESPACE");
    Files.delete(account.resolve("namespace"));
    assertThat(resolver(null).resolve().namespace()).contains("default");
  }

  @Test
  void aKubeconfigThatSelectsAContext_orANamedContext_winsOverThePod() throws Exception {
    Path config = tmp.resolve("config");
    Files.writeString(
        config,
        """
        current-context: dev
        clusters: [{name: c, cluster: {server: "https://dev.example:6443"}}]
        contexts: [{name: dev, context: {cluster: c, user: u}}]
        users: [{name: u, user: {token: static}}]
        """);

    assertThat(resolver(config).resolve().cluster().server()).isEqualTo("https://dev.example:6443");
    assertThatThrownBy(() -> resolver(null).resolve("other"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("context \"other\" does not exist");
  }

  @Test
  void notInAPod_theUsualError() throws Exception {
    env.remove("KUBERNETES_SERVICE_PORT");
    assertThatThrownBy(() -> resolver(null).resolve())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("current-context is not set");

    env.put("KUBERNETES_SERVICE_PORT", "443");
    Files.delete(account.resolve("token"));
    assertThatThrownBy(() -> resolver(null).resolve())
        .hasMessageContaining("current-context is not set");
  }

  @Test
  void aHostThatMakesNoUrl_aClearError() {
    env.put("KUBERNETES_SERVICE_HOST", "bad host");

    assertThatThrownBy(() -> resolver(null).resolve())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(
            "in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT make"
                + " no server URL: https://bad host:443");
  }
}
