package dev.kubelogin.core.resolve;

import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.kubeconfig.AuthProviderConfig;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import java.util.Optional;
import java.util.Set;

/**
 * Serves kubeconfig credentials in-process instead of running a plugin: the OIDC module claims
 * {@code kubectl oidc-login get-token …} exec stanzas and the {@code oidc} auth-provider, the Azure
 * module claims Azure {@code kubelogin get-token …}.
 *
 * <p>Found with {@link java.util.ServiceLoader}: list the implementation in {@code
 * META-INF/services/dev.kubelogin.core.resolve.CredentialPlugin}. Implementations are thread-safe,
 * have a public no-argument constructor, and return quickly (no I/O) when they do not recognise a
 * stanza. The first plugin to claim a stanza serves it.
 */
public interface CredentialPlugin {

  /**
   * Returns a provider that serves {@code exec} in-process with the same meaning and the same
   * on-disk cache as the plugin it names, or empty when this plugin does not recognise it.
   *
   * @throws dev.kubelogin.core.InvalidConfigurationException when it recognises the stanza but its
   *     arguments are invalid
   */
  default Optional<TokenProvider> forExec(ExecConfig exec, PluginContext context) {
    return Optional.empty();
  }

  /**
   * Returns the client certificate that {@code exec} presents beside the token {@link #forExec}
   * serves (an ExecCredential with both, for an mTLS proxy in front of the API server), or empty
   * when it presents none or this plugin does not serve {@code exec}. Called only for stanzas
   * {@link #forExec} claims.
   *
   * @throws dev.kubelogin.core.InvalidConfigurationException when it recognises the stanza but its
   *     arguments are invalid
   */
  default Optional<ClientCertificateProvider> clientCertificateForExec(
      ExecConfig exec, PluginContext context) {
    return Optional.empty();
  }

  /**
   * Where the provider {@link #forExec} returns for {@code exec} keeps what it stores (its token
   * cache), or empty when it keeps nothing on disk or does not serve {@code exec}. Programs that
   * keep records of their own beside a plugin's cache ask for it through {@link
   * KubeconfigResolver#cacheOf}.
   *
   * @throws dev.kubelogin.core.InvalidConfigurationException when it recognises the stanza but its
   *     arguments are invalid
   */
  default Optional<PluginCache> cache(ExecConfig exec, PluginContext context) {
    return Optional.empty();
  }

  /**
   * Names of the environment variables whose values change what this plugin's providers serve (a
   * cache directory, a client ID). A program that serves again what a provider served treats a
   * change in any of them as a different request. Empty by default.
   */
  default Set<String> environmentVariables() {
    return Set.of();
  }

  /**
   * Returns a provider for a legacy {@code auth-provider} stanza, or empty when this plugin does
   * not serve it.
   */
  default Optional<TokenProvider> forAuthProvider(
      AuthProviderConfig authProvider, PluginContext context) {
    return Optional.empty();
  }
}
