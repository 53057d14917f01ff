package dev.kubelogin.cli;

import dev.kubelogin.azure.AzureCredentialPlugin;
import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.exec.ExecCredential;
import dev.kubelogin.core.exec.ExecCredentialCodec;
import dev.kubelogin.core.exec.ExecInfo;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import dev.kubelogin.core.resolve.ClientCertificate;
import dev.kubelogin.core.resolve.ClientCertificateProvider;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.PluginCache;
import dev.kubelogin.oidc.OidcCredentialPlugin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code get-token}: serves the command line as the library serves the same exec stanza in a
 * kubeconfig ({@link KubeconfigResolver#serveExec}: the OIDC module claims int128's flags, the
 * Azure module Azure's, both with their on-disk caches) and prints one ExecCredential line on
 * stdout.
 *
 * <ul>
 *   <li>The ExecCredential's apiVersion is the one in {@code KUBERNETES_EXEC_INFO}, v1beta1 when
 *       the variable is unset or has none.
 *   <li>Interactive when {@code KUBERNETES_EXEC_INFO} says so; without the variable, when a
 *       terminal is attached. A non-interactive run never opens a browser or prompts: a login that
 *       needs a person fails at once, naming the command to run in a terminal.
 *   <li>kubectl runs the plugin again in the same process only after a 401 (the token has an
 *       expiry, so client-go does not re-run it before then): {@link KubectlRetry} notices the
 *       second run, in a record beside the plugin's cache, and the token is refreshed, as {@code
 *       --force-refresh} would.
 *   <li>Started by the POSIX launcher, it keeps what it printed as a {@link PreparedResponse},
 *       which the launcher prints again without starting Java while the Java path would print the
 *       same.
 * </ul>
 */
final class GetToken {
  private GetToken() {}

  static void run(List<String> args, Program program, Io io) {
    ExecInfo info = execInfo(io);
    boolean interactive = info != null ? info.interactive() : io.terminal;
    String apiVersion = info != null ? info.apiVersion() : ExecCredentialCodec.V1BETA1;
    if (program == Program.KUBELOGIN) {
      Flags.requireOneTool(args);
    }
    ExecConfig exec = program.getTokenStanza(args);
    KubeconfigResolver resolver =
        KubeconfigResolver.builder()
            .environment(io.env)
            .clock(io.clock)
            .interactive(interactive)
            .plugins(
                List.of(
                    new OidcCredentialPlugin()
                        .withConsole(
                            interactive ? UserConsole.system() : UserConsole.nonInteractive()),
                    new AzureCredentialPlugin()
                        .withConsole(UserConsole.nonInteractive(io.err::println))))
            .build();
    TokenProvider provider =
        resolver
            .serveExec(exec)
            .orElseThrow(
                () -> new InvalidConfigurationException("get-token: no module serves " + exec));
    Optional<PluginCache> cache = resolver.cacheOf(exec);
    AccessToken token = provider.token();
    KubectlRetry retry =
        KubectlRetry.of(
            cache.map(PluginCache::directory).orElse(null),
            KubectlRetry.keyOf(exec),
            interactive,
            io.parent.get());
    if (retry.isRetryOf(token)) {
      provider.invalidate(token);
      token = provider.token();
    }
    Instant now = io.clock.instant();
    retry.served(token, now);
    ExecCredential.Builder credential = ExecCredential.builder(apiVersion).token(token.value());
    token.expiresAt().ifPresent(credential::expirationTimestamp);
    Optional<ClientCertificate> certificate =
        resolver.clientCertificateOf(exec).map(ClientCertificateProvider::certificate);
    certificate.ifPresent(
        c ->
            credential.clientCertificate(
                new String(c.certificatePem(), StandardCharsets.UTF_8),
                new String(c.keyPem(), StandardCharsets.UTF_8)));
    String line = ExecCredentialCodec.write(credential.build());
    io.out.println(line);
    io.out.flush();
    // A certificate is read from its files at each call; the launcher never serves it again.
    if (io.responses.isPresent() && cache.isPresent() && certificate.isEmpty()) {
      PreparedResponse.write(
          io.responses.get(),
          exec.args(),
          io.env,
          resolver.environmentVariables(),
          cache.get(),
          token,
          now,
          line,
          retry);
    }
  }

  /** {@code KUBERNETES_EXEC_INFO}, or null when unset or blank. */
  private static ExecInfo execInfo(Io io) {
    String value = io.env.get(ExecCredentialCodec.EXEC_INFO_ENV);
    if (value == null || value.isBlank()) {
      return null;
    }
    ExecInfo info = ExecCredentialCodec.readExecInfo(value);
    String v = Optional.ofNullable(info.apiVersion()).orElse("");
    if (v.isEmpty()) {
      return new ExecInfo(ExecCredentialCodec.V1BETA1, info.interactive(), null);
    }
    if (!v.equals(ExecCredentialCodec.V1) && !v.equals(ExecCredentialCodec.V1BETA1)) {
      throw new InvalidConfigurationException(
          ExecCredentialCodec.EXEC_INFO_ENV + ": api version " + v + " is not supported");
    }
    return info;
  }
}
