package dev.kubelogin.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.exec.ExecCredentialCodec;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServeExecTest {
  private final List<PluginContext> seen = new ArrayList<>();

  /** Claims {@code tool get-token …} and keeps its cache in {@code /cache/<first arg>}. */
  private final CredentialPlugin toolPlugin =
      new CredentialPlugin() {
        @Override
        public Optional<TokenProvider> forExec(ExecConfig exec, PluginContext context) {
          seen.add(context);
          return exec.command().equals("tool")
              ? Optional.of(TokenProvider.of(AccessToken.bearer("for-" + exec.args(), null)))
              : Optional.empty();
        }

        @Override
        public Optional<PluginCache> cache(ExecConfig exec, PluginContext context) {
          return exec.command().equals("tool")
              ? Optional.of(PluginCache.of(Path.of("/cache", exec.args().get(0))))
              : Optional.empty();
        }

        @Override
        public Set<String> environmentVariables() {
          return Set.of("TOOL_HOME", "A_TOOL");
        }
      };

  private final KubeconfigResolver resolver =
      KubeconfigResolver.builder()
          .environment(Map.of("A", "1"))
          .interactive(false)
          .plugins(
              List.of(
                  new CredentialPlugin() {
                    @Override
                    public Set<String> environmentVariables() {
                      return Set.of("HOME", "A_TOOL");
                    }
                  },
                  toolPlugin))
          .build();

  private static ExecConfig exec(String command, String... args) {
    return ExecConfig.builder(command, ExecCredentialCodec.V1)
        .args(List.of(args))
        .env(List.of(Map.entry("B", "2")))
        .build();
  }

  @Test
  void serveExec_firstClaimingPluginServes_withTheResolversSettingsAndTheStanzasEnv() {
    Optional<TokenProvider> served = resolver.serveExec(exec("tool", "get-token"));

    assertThat(served).map(p -> p.token().value()).contains("for-[get-token]");
    PluginContext context = seen.get(0);
    assertThat(context.interactive()).isFalse();
    assertThat(context.environmentFor(context.user().exec().orElseThrow()))
        .containsEntry("A", "1")
        .containsEntry("B", "2");
    assertThat(context.cluster().server()).isEmpty();
    assertThat(context.writer()).isEmpty();
  }

  @Test
  void serveExec_noPluginClaims_isEmptyAndRunsNothing() {
    assertThat(resolver.serveExec(exec("/bin/false"))).isEmpty();
    assertThat(resolver.cacheOf(exec("/bin/false"))).isEmpty();
  }

  @Test
  void cacheOf_asksThePlugins() {
    assertThat(resolver.cacheOf(exec("tool", "x"))).contains(PluginCache.of(Path.of("/cache/x")));
  }

  @Test
  void environmentVariables_allPluginsNames_sortedOnce() {
    assertThat(resolver.environmentVariables()).containsExactly("A_TOOL", "HOME", "TOOL_HOME");
  }
}
