package dev.kubelogin.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.FakeClock;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecPluginTokenProviderTest {

  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path tmp;
  private ScriptedPlugin plugin;
  private final FakeClock clock = new FakeClock(T0);

  @BeforeEach
  void install() {
    plugin = new ScriptedPlugin(tmp.resolve("plugin"));
  }

  private ExecConfig.Builder config(String... args) {
    return ExecConfig.builder(plugin.script.toString(), ExecCredentialCodec.V1)
        .args(List.of(args))
        .interactiveMode("Never")
        .env(List.of(Map.entry("PLUGIN_DIR", plugin.logDir.toString())));
  }

  private ExecPluginTokenProvider.Builder provider(ExecConfig config) {
    return ExecPluginTokenProvider.builder(config)
        .user("execuser")
        .clock(clock)
        .stdinIsTerminal(false)
        .environment(Map.of("PATH", System.getenv("PATH")));
  }

  @Test
  void token_withExpiry_cachedUntilRefreshWindow() {
    Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH")));
    env.put("PLUGIN_EXPIRY", "2030-01-01T01:00:00Z");
    ExecPluginTokenProvider p =
        provider(config("token", "good-token").build()).environment(env).build();

    AccessToken t = p.token();
    p.token();
    clock.advance(Duration.ofMinutes(50));
    p.token();

    assertThat(t.value()).isEqualTo("good-token");
    assertThat(t.expiresAt()).contains(Instant.parse("2030-01-01T01:00:00Z"));
    assertThat(plugin.runs()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(6));
    p.token();
    assertThat(plugin.runs()).as("refreshed inside the advisory window").isEqualTo(2);
  }

  @Test
  void token_pluginServesSameTokenUntilExpiry_notRerunOnEveryCall() {
    Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH")));
    env.put("PLUGIN_EXPIRY", "2030-01-01T00:00:30Z");
    ExecPluginTokenProvider p =
        provider(config("token", "almost-expired").build()).environment(env).build();

    for (int i = 0; i < 5; i++) {
      p.token();
    }
    assertThat(plugin.runs()).isEqualTo(1);
  }

  @Test
  void token_noExpiry_cachedUntilInvalidated() {
    ExecPluginTokenProvider p = provider(config("seq", "tok").build()).build();

    AccessToken first = p.token();
    clock.advance(Duration.ofDays(30));
    assertThat(p.token()).isEqualTo(first);
    assertThat(plugin.runs()).isEqualTo(1);

    p.invalidate(first);
    AccessToken second = p.token();
    assertThat(second.value()).isEqualTo("tok-2");

    p.invalidate(first);
    assertThat(p.token()).as("a stale 401 does not rerun").isEqualTo(second);
    assertThat(plugin.runs()).isEqualTo(2);
  }

  @Test
  void run_environment_inheritedThenKubeconfigThenExecInfoLast() {
    ExecConfig c =
        config("token", "t")
            .env(
                List.of(
                    Map.entry("PLUGIN_DIR", plugin.logDir.toString()),
                    Map.entry("CUSTOM_VAR", "first"),
                    Map.entry("CUSTOM_VAR", "from-kubeconfig"),
                    Map.entry("KUBERNETES_EXEC_INFO", "cannot override")))
            .build();
    Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "CUSTOM_VAR", "inherited");

    provider(c).environment(env).build().token();

    assertThat(plugin.recorded("custom_var", 1)).isEqualTo("from-kubeconfig");
    assertThat(plugin.recorded("exec_info", 1))
        .isEqualTo(
            "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
                + "\"spec\":{\"interactive\":false}}\n");
    assertThat(plugin.recorded("argv", 1)).isEqualTo("token\nt\n");
  }

  @Test
  void run_provideClusterInfo_clusterInExecInfo() {
    ExecCluster cluster =
        ExecCluster.builder("https://127.0.0.1:16443")
            .tlsServerName("localhost")
            .certificateAuthorityData("PEM".getBytes(StandardCharsets.UTF_8))
            .configJson("{\"audience\":\"a\"}")
            .build();
    provider(config("token", "t").provideClusterInfo(true).build())
        .cluster(cluster)
        .build()
        .token();

    ExecInfo info = ExecCredentialCodec.readExecInfo(plugin.recorded("exec_info", 1));
    assertThat(info.cluster()).contains(cluster);
  }

  @Test
  void run_notInteractive_pluginGetsEmptyStdin() {
    ExecConfig c =
        config("token", "t")
            .interactiveMode("IfAvailable")
            .env(
                List.of(
                    Map.entry("PLUGIN_DIR", plugin.logDir.toString()),
                    Map.entry("PLUGIN_READ_STDIN", "1")))
            .build();
    provider(c).build().token();
    assertThat(plugin.recorded("stdin", 1)).isEmpty();
    assertThat(ExecCredentialCodec.readExecInfo(plugin.recorded("exec_info", 1)).interactive())
        .isFalse();
  }

  @Test
  void run_ifAvailableWithTerminal_interactive() {
    provider(config("token", "t").interactiveMode("IfAvailable").build())
        .stdinIsTerminal(true)
        .build()
        .token();
    assertThat(ExecCredentialCodec.readExecInfo(plugin.recorded("exec_info", 1)).interactive())
        .isTrue();
  }

  @Test
  void run_ifAvailableWithStdinInUse_notInteractive() {
    provider(config("token", "t").interactiveMode("IfAvailable").build())
        .stdinIsTerminal(true)
        .stdinUnavailable("used by stdin resource manifest reader")
        .build()
        .token();
    assertThat(ExecCredentialCodec.readExecInfo(plugin.recorded("exec_info", 1)).interactive())
        .isFalse();
  }

  @Test
  void run_alwaysWithoutTerminal_failsWithoutRunning() {
    ExecPluginTokenProvider p =
        provider(config("token", "t").interactiveMode("Always").build()).build();
    assertThatThrownBy(p::token)
        .isInstanceOf(InteractionRequiredException.class)
        .hasMessage(
            "exec plugin cannot support interactive mode: standard input is not a terminal");
    assertThat(plugin.runs()).isZero();
  }

  @Test
  void run_alwaysWithStdinInUse_failsWithReason() {
    ExecPluginTokenProvider p =
        provider(config("token", "t").interactiveMode("Always").build())
            .stdinIsTerminal(true)
            .stdinUnavailable("used by stdin resource manifest reader")
            .build();
    assertThatThrownBy(p::token)
        .hasMessage(
            "exec plugin cannot support interactive mode: standard input is unavailable: used by"
                + " stdin resource manifest reader");
  }

  @Test
  void run_pluginWritesStderr_stdoutStillDecoded() {
    // plugin.sh "token" prints a line on stderr before the JSON on stdout.
    assertThat(provider(config("token", "clean").build()).build().token().value())
        .isEqualTo("clean");
  }

  @Test
  void run_commandMissing_installHintWithoutAnsi() {
    ExecConfig c =
        ExecConfig.builder("no-such-plugin-xyz", ExecCredentialCodec.V1)
            .interactiveMode("Never")
            .installHint("\u001B[1mbrew install\u001B[0m no-such-plugin-xyz")
            .build();
    assertThatThrownBy(() -> provider(c).build().token())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage(
            "exec: executable no-such-plugin-xyz not found\n\n"
                + ExecPluginTokenProvider.INSTALL_HINT_HELP
                + "\n\nbrew install no-such-plugin-xyz");
  }

  @Test
  void run_nonZeroExit_clientGoMessage() {
    assertThatThrownBy(() -> provider(config("fail").build()).build().token())
        .hasMessage("exec: executable " + plugin.script + " failed with exit code 3");
  }

  @Test
  void run_failure_notCachedNextCallRunsAgain() {
    ExecPluginTokenProvider p = provider(config("fail").build()).build();
    assertThatThrownBy(p::token).isInstanceOf(AuthenticationFailedException.class);
    assertThatThrownBy(p::token).isInstanceOf(AuthenticationFailedException.class);
    assertThat(plugin.runs()).isEqualTo(2);
  }

  @Test
  void run_hangs_stoppedAfterTimeout() {
    ExecPluginTokenProvider p =
        provider(config("hang").build()).timeout(Duration.ofMillis(300)).build();
    assertThatThrownBy(p::token)
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("did not finish within")
        .hasMessageContaining("it was stopped");
  }

  @Test
  void run_childKeepsStdoutOpenAfterExit_itsOutputIsRead() throws Exception {
    ExecPluginTokenProvider p =
        provider(config("background", "late-token").build()).timeout(Duration.ofMinutes(2)).build();

    assertThat(p.token().value()).isEqualTo("late-token");
  }

  @Test
  void run_childHoldsStdoutPastTheTimeout_clearError() throws Exception {
    ExecPluginTokenProvider p =
        provider(config("background", "hold").build()).timeout(Duration.ofSeconds(4)).build();
    try {
      assertThatThrownBy(p::token)
          .isInstanceOf(AuthenticationFailedException.class)
          .hasMessageContaining("exited, but a process it started kept its stdout open past 4 s");
    } finally {
      Files.createFile(plugin.logDir.resolve("release")); // let the child go
    }
  }

  @Test
  void run_floodsStdout_stoppedAtCap() {
    ExecPluginTokenProvider p = provider(config("flood").build()).maxOutputBytes(4096).build();
    assertThatThrownBy(p::token)
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage(
            "exec: executable "
                + plugin.script
                + " wrote more than 4096 bytes to stdout; it was stopped");
  }

  @Test
  void run_badOutput_clientGoMessages() {
    assertThatThrownBy(() -> provider(config("malformed").build()).build().token())
        .hasMessageStartingWith("decoding stdout: couldn't get version/kind; json parse error:");
    assertThatThrownBy(() -> provider(config("wrongapi").build()).build().token())
        .hasMessage(
            "exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin"
                + " returned version client.authentication.k8s.io/v1beta1");
    assertThatThrownBy(() -> provider(config("empty").build()).build().token())
        .hasMessageEndingWith("plugin returned version client.authentication.k8s.io/__internal");
    assertThatThrownBy(() -> provider(config("nostatus").build()).build().token())
        .hasMessage("exec plugin didn't return a status field");
  }

  @Test
  void build_invalidStanza_clientGoValidationMessages() {
    assertThatThrownBy(
            () ->
                provider(
                        ExecConfig.builder("p", ExecCredentialCodec.V1)
                            .interactiveMode(null)
                            .build())
                    .build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(
            "interactiveMode must be specified for execuser to use exec authentication plugin");
    assertThatThrownBy(
            () ->
                provider(
                        ExecConfig.builder("p", ExecCredentialCodec.V1)
                            .interactiveMode("Sometimes")
                            .build())
                    .build())
        .hasMessage("invalid interactiveMode for execuser: \"Sometimes\"");
    assertThatThrownBy(
            () ->
                provider(ExecConfig.builder("p", "client.authentication.k8s.io/v2").build())
                    .build())
        .hasMessage("exec plugin: invalid apiVersion \"client.authentication.k8s.io/v2\"");
  }

  @Test
  void build_v1beta1WithoutMode_defaultsToIfAvailable() {
    ExecConfig c =
        ExecConfig.builder(plugin.script.toString(), ExecCredentialCodec.V1BETA1)
            .args(List.of("token", "b"))
            .env(
                List.of(
                    Map.entry("PLUGIN_DIR", plugin.logDir.toString()),
                    Map.entry("PLUGIN_API", ExecCredentialCodec.V1BETA1)))
            .build();
    assertThat(provider(c).build().token().value()).isEqualTo("b");
  }

  @Test
  void toString_noSecrets() {
    ExecPluginTokenProvider p = provider(config("token", "secret-token").build()).build();
    p.token();
    assertThat(p.toString()).doesNotContain("secret-token");
  }
}
