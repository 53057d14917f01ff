package dev.kubelogin.core.resolve;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.kubeconfig.AuthProviderConfig;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import java.util.Optional;

/**
 * Registered through META-INF/services in the tests: claims exec stanzas whose command is {@code
 * fake-inprocess} and the {@code fake} auth-provider.
 */
public final class FakeInProcessPlugin implements CredentialPlugin {
  @Override
  public Optional<TokenProvider> forExec(ExecConfig exec, PluginContext context) {
    if (!exec.command().equals("fake-inprocess")) {
      return Optional.empty();
    }
    return Optional.of(
        TokenProvider.of(
            AccessToken.bearer(
                "in-process:" + String.join(",", exec.args()) + "@" + context.userName(), null)));
  }

  @Override
  public Optional<TokenProvider> forAuthProvider(AuthProviderConfig config, PluginContext context) {
    if (!config.name().equals("fake")) {
      return Optional.empty();
    }
    return Optional.of(TokenProvider.of(AccessToken.bearer(config.config().get("id-token"), null)));
  }
}
