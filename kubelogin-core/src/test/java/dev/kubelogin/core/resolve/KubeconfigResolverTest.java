package dev.kubelogin.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.FakeClock;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.exec.ExecCredentialCodec;
import dev.kubelogin.core.exec.ExecInfo;
import dev.kubelogin.core.exec.ScriptedPlugin;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigResolverTest {

  @TempDir Path tmp;
  private ScriptedPlugin plugin;
  private final FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));

  @BeforeEach
  void setUp() {
    plugin = new ScriptedPlugin(tmp.resolve("plugin"));
  }

  private KubeconfigResolver resolver(String yaml) throws Exception {
    Path file = tmp.resolve("config");
    Files.writeString(
        file,
        yaml.replace("$PLUGIN", plugin.script.toString())
            .replace("$LOG", plugin.logDir.toString()));
    return KubeconfigResolver.builder()
        .loader(KubeconfigLoader.builder().explicitFile(file).build())
        .environment(Map.of("PATH", System.getenv("PATH")))
        .interactive(false)
        .clock(clock)
        .build();
  }

  @Test
  void resolve_currentContext_clusterFactsAndStaticToken() throws Exception {
    Files.createDirectories(tmp.resolve("pki"));
    Files.writeString(tmp.resolve("pki/ca.crt"), "CA-PEM");
    ResolvedContext r =
        resolver(
                """
                current-context: dev
                clusters:
                - name: c
                  cluster:
                    server: https://127.0.0.1:6443
                    certificate-authority: pki/ca.crt
                    tls-server-name: kubernetes
                    proxy-url: socks5://127.0.0.1:1080
                contexts:
                - name: dev
                  context: {cluster: c, user: u, namespace: team-a}
                users:
                - name: u
                  user: {token: static-token}
                """)
            .resolve();

    assertThat(r.name()).isEqualTo("dev");
    assertThat(r.namespace()).contains("team-a");
    assertThat(r.cluster().server()).isEqualTo("https://127.0.0.1:6443");
    assertThat(
            new String(r.cluster().certificateAuthorityPem().orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("CA-PEM");
    assertThat(r.cluster().tlsServerName()).contains("kubernetes");
    assertThat(r.cluster().proxyUrl()).contains("socks5://127.0.0.1:1080");
    assertThat(r.credentials().tokenProvider().orElseThrow().token().value())
        .isEqualTo("static-token");
    assertThat(r.toString()).doesNotContain("static-token");
  }

  @Test
  void resolve_missingPieces_sayWhich() throws Exception {
    KubeconfigResolver resolver =
        resolver(
            """
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:1"}
            contexts:
            - name: no-user
              context: {cluster: c, user: ghost}
            - name: no-cluster
              context: {cluster: nowhere, user: u}
            users:
            - name: u
              user: {token: t}
            """);
    assertThatThrownBy(resolver::resolve)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("current-context is not set");
    assertThatThrownBy(() -> resolver.resolve("missing"))
        .hasMessageStartingWith("context \"missing\" does not exist");
    assertThatThrownBy(() -> resolver.resolve("no-user"))
        .hasMessageStartingWith(
            "context \"no-user\" refers to user \"ghost\", which is not defined");
    assertThatThrownBy(() -> resolver.resolve("no-cluster"))
        .hasMessageStartingWith(
            "context \"no-cluster\" refers to cluster \"nowhere\", which is not defined");
  }

  @Test
  void resolve_insecureWithCa_rejected() throws Exception {
    KubeconfigResolver resolver =
        resolver(
            """
            current-context: x
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true, certificate-authority-data: Q0E=}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            users:
            - name: u
              user: {token: t}
            """);
    assertThatThrownBy(resolver::resolve)
        .hasMessageContaining(
            "specifying a root certificates file with the insecure flag is not allowed");
  }

  @Test
  void resolve_tokenFile_readAgainWhenRotated() throws Exception {
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, "first\n");
    ResolvedContext r =
        resolver(
                """
                current-context: x
                clusters:
                - name: c
                  cluster: {server: "https://127.0.0.1:1"}
                contexts:
                - name: x
                  context: {cluster: c, user: u}
                users:
                - name: u
                  user: {tokenFile: token}
                """)
            .resolve();
    var provider = r.credentials().tokenProvider().orElseThrow();
    assertThat(provider.token().value()).isEqualTo("first");

    Files.writeString(tokenFile, "second-rotated\n");
    clock.advance(Duration.ofSeconds(2));
    assertThat(provider.token().value()).isEqualTo("second-rotated");
  }

  @Test
  void resolve_tokenAndTokenFile_fileWinsThenLastReadThenStanzaToken() throws Exception {
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, "from-file\n");
    KubeconfigResolver resolver =
        resolver(
            """
            current-context: x
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:1"}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            users:
            - name: u
              user: {token: from-stanza, tokenFile: token}
            """);
    var provider = resolver.resolve().credentials().tokenProvider().orElseThrow();
    assertThat(provider.token().value()).isEqualTo("from-file");

    Files.writeString(tokenFile, "rotated\n");
    clock.advance(Duration.ofSeconds(2));
    assertThat(provider.token().value()).isEqualTo("rotated");

    // As client-go: the last token read serves while the file cannot be read...
    Files.delete(tokenFile);
    clock.advance(Duration.ofSeconds(2));
    assertThat(provider.token().value()).isEqualTo("rotated");
    // ...and the stanza's token when the file was never read.
    assertThat(resolver.resolve().credentials().tokenProvider().orElseThrow().token().value())
        .isEqualTo("from-stanza");
    // A file-only stanza has nothing to fall back on.
    Files.writeString(tokenFile, "   \n");
    assertThatThrownBy(
            () ->
                resolver(
                        """
                        current-context: x
                        clusters:
                        - name: c
                          cluster: {server: "https://127.0.0.1:1"}
                        contexts:
                        - name: x
                          context: {cluster: c, user: u}
                        users:
                        - name: u
                          user: {tokenFile: token}
                        """)
                    .resolve()
                    .credentials()
                    .tokenProvider()
                    .orElseThrow()
                    .token())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("is empty");
  }

  @Test
  void resolve_tokenBesideExec_execNeverRuns() throws Exception {
    ResolvedContext r =
        resolver(
                """
                current-context: x
                clusters:
                - name: c
                  cluster: {server: "https://127.0.0.1:1"}
                contexts:
                - name: x
                  context: {cluster: c, user: u}
                users:
                - name: u
                  user:
                    token: wins
                    exec: {command: $PLUGIN, args: [fail], apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never, env: [{name: PLUGIN_DIR, value: $LOG}]}
                """)
            .resolve();
    assertThat(r.credentials().tokenProvider().orElseThrow().token().value()).isEqualTo("wins");
    assertThat(plugin.runs()).isZero();
  }

  @Test
  void resolve_exec_runsPluginWithClusterInfoAndSharesProvider() throws Exception {
    KubeconfigResolver resolver =
        resolver(
            """
            current-context: x
            clusters:
            - name: c
              cluster:
                server: https://127.0.0.1:16443
                tls-server-name: localhost
                extensions:
                - name: client.authentication.k8s.io/exec
                  extension: {audience: my-audience}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            users:
            - name: u
              user:
                exec:
                  command: $PLUGIN
                  args: [seq, tok]
                  apiVersion: client.authentication.k8s.io/v1
                  interactiveMode: IfAvailable
                  provideClusterInfo: true
                  env: [{name: PLUGIN_DIR, value: $LOG}]
            """);
    assertThat(resolver.resolve().credentials().tokenProvider().orElseThrow().token().value())
        .isEqualTo("tok-1");
    assertThat(resolver.resolve().credentials().tokenProvider().orElseThrow().token().value())
        .isEqualTo("tok-1");
    assertThat(plugin.runs()).isEqualTo(1);

    ExecInfo info = ExecCredentialCodec.readExecInfo(plugin.recorded("exec_info", 1));
    assertThat(info.interactive()).isFalse();
    assertThat(info.cluster().orElseThrow().server()).isEqualTo("https://127.0.0.1:16443");
    assertThat(info.cluster().orElseThrow().configJson())
        .contains("{\"audience\":\"my-audience\"}");
  }

  @Test
  void resolve_execClaimedByPlugin_servedInProcess() throws Exception {
    ResolvedContext r =
        resolver(
                """
                current-context: x
                clusters:
                - name: c
                  cluster: {server: "https://127.0.0.1:1"}
                contexts:
                - name: x
                  context: {cluster: c, user: u}
                users:
                - name: u
                  user:
                    exec: {command: fake-inprocess, args: [a, b], apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never}
                """)
            .resolve();
    assertThat(r.credentials().tokenProvider().orElseThrow().token().value())
        .isEqualTo("in-process:a,b@u");
  }

  @Test
  void resolve_authProvider_claimedOrClearError() throws Exception {
    String yaml =
        """
        current-context: x
        clusters:
        - name: c
          cluster: {server: "https://127.0.0.1:1"}
        contexts:
        - name: x
          context: {cluster: c, user: u}
        users:
        - name: u
          user:
            auth-provider: {name: NAME, config: {id-token: from-auth-provider}}
        """;
    assertThat(
            resolver(yaml.replace("NAME", "fake"))
                .resolve()
                .credentials()
                .tokenProvider()
                .orElseThrow()
                .token()
                .value())
        .isEqualTo("from-auth-provider");
    assertThatThrownBy(() -> resolver(yaml.replace("NAME", "oidc")).resolve())
        .hasMessageContaining("add the kubelogin-oidc module");
    assertThatThrownBy(() -> resolver(yaml.replace("NAME", "gcp")).resolve())
        .hasMessageContaining("gke-gcloud-auth-plugin");
  }

  @Test
  void resolve_impersonation_andGroupsWithoutUserRejected() throws Exception {
    String yaml =
        """
        current-context: x
        clusters:
        - name: c
          cluster: {server: "https://127.0.0.1:1"}
        contexts:
        - name: x
          context: {cluster: c, user: u}
        users:
        - name: u
          user: {token: t, AS as-groups: [devs], as-user-extra: {scopes: [view]}}
        """;
    Impersonation i =
        resolver(yaml.replace("AS", "as: jane,")).resolve().impersonation().orElseThrow();
    assertThat(i.user()).isEqualTo("jane");
    assertThat(i.groups()).containsExactly("devs");
    assertThat(i.extra()).containsEntry("scopes", java.util.List.of("view"));

    assertThatThrownBy(() -> resolver(yaml.replace("AS", "")).resolve())
        .hasMessage("requesting uid, groups or user-extra for u without impersonating a user");
  }

  @Test
  void resolve_clientCertificateFiles_relativeToKubeconfig() throws Exception {
    Files.writeString(tmp.resolve("c.crt"), "CERT");
    Files.writeString(tmp.resolve("c.key"), "KEY");
    ResolvedContext r =
        resolver(
                """
                current-context: x
                clusters:
                - name: c
                  cluster: {server: "https://127.0.0.1:1"}
                contexts:
                - name: x
                  context: {cluster: c, user: u}
                users:
                - name: u
                  user: {client-certificate: c.crt, client-key: c.key}
                """)
            .resolve();
    ClientCertificate c = r.credentials().clientCertificate().orElseThrow().certificate();
    assertThat(new String(c.certificatePem(), StandardCharsets.UTF_8)).isEqualTo("CERT");
    assertThat(new String(c.keyPem(), StandardCharsets.UTF_8)).isEqualTo("KEY");
    assertThat(r.credentials().tokenProvider()).isEmpty();
  }

  @Test
  void execConfigToString_secretFlagValuesMasked() {
    var exec =
        dev.kubelogin.core.kubeconfig.ExecConfig.builder(
                "kubelogin", "client.authentication.k8s.io/v1")
            .args(
                java.util.List.of(
                    "get-token",
                    "--oidc-client-secret=s1",
                    "--password",
                    "s2",
                    "--client-secret",
                    "s3",
                    "--client-certificate-password=s4",
                    "--token",
                    "s5",
                    "--server-id",
                    "visible"))
            .build();

    assertThat(exec.toString())
        .doesNotContain("s1", "s2", "s3", "s4", "s5")
        .contains("--oidc-client-secret=***", "--password, ***", "--server-id, visible");
  }
}
