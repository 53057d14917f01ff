package dev.kubelogin.cli;

import dev.kubelogin.azure.AzureOptions;
import dev.kubelogin.azure.AzureTokenProvider;
import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.exec.ExecCredential;
import dev.kubelogin.core.exec.ExecCredentialCodec;
import dev.kubelogin.core.exec.ExecInfo;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.oidc.GetTokenOptions;
import dev.kubelogin.oidc.OidcTokenProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code get-token}: decides from the flags whether int128's or Azure's meaning applies, gets the
 * token from the library (cache first) and prints one ExecCredential line on stdout.
 *
 * <ul>
 *   <li>The ExecCredential's apiVersion is the one in {@code KUBERNETES_EXEC_INFO}, v1beta1 when
 *       the variable is unset or has none.
 *   <li>Interactive when {@code KUBERNETES_EXEC_INFO} says so; without the variable, when a
 *       terminal is attached. A non-interactive run never opens a browser or prompts: a login that
 *       needs a person fails at once, naming the command to run in a terminal.
 *   <li>kubectl runs the plugin again in the same process only after a 401 (the token has an
 *       expiry, so client-go does not re-run it before then): {@link KubectlRetry} notices the
 *       second run and the token is refreshed, as {@code --force-refresh} would.
 * </ul>
 */
final class GetToken {
  private GetToken() {}

  /** Which Go tool's flags a command line uses. */
  enum Tool {
    INT128,
    AZURE
  }

  static void run(List<String> args, Program program, Io io) {
    ExecInfo info = execInfo(io);
    boolean interactive = info != null ? info.interactive() : io.terminal;
    String apiVersion = info != null ? info.apiVersion() : ExecCredentialCodec.V1BETA1;
    Tool tool = program == Program.OIDC_LOGIN ? Tool.INT128 : Flags.toolOf(args);
    TokenProvider provider;
    Path cacheDirectory;
    String cacheKey;
    if (tool == Tool.INT128) {
      GetTokenOptions options = GetTokenOptions.parse(args);
      OidcTokenProvider oidc =
          OidcTokenProvider.builder(options)
              .environment(io.env)
              .home(io.home)
              .interactive(interactive)
              .console(interactive ? UserConsole.system() : UserConsole.nonInteractive())
              .loginHint(program.getTokenCommand() + " " + Flags.masked(args))
              .build();
      provider = oidc;
      cacheDirectory = oidc.cacheFile().map(Path::getParent).orElse(null);
      cacheKey = oidc.cacheKey().fileName();
    } else {
      AzureOptions options = AzureOptions.parse(args, io.env);
      AzureTokenProvider azure =
          AzureTokenProvider.builder(options)
              .environment(io.env)
              .home(io.home)
              .interactive(interactive)
              .console(UserConsole.nonInteractive(io.err::println))
              .build();
      provider = azure;
      cacheDirectory = azure.cacheDirectory();
      cacheKey = "azure-" + Integer.toHexString(options.hashCode());
    }
    AccessToken token = provider.token();
    KubectlRetry retry = KubectlRetry.of(cacheDirectory, cacheKey, interactive, io.parent.get());
    if (retry.isRetryOf(token)) {
      provider.invalidate(token);
      token = provider.token();
    }
    retry.served(token);
    ExecCredential.Builder credential = ExecCredential.builder(apiVersion).token(token.value());
    token.expiresAt().ifPresent(credential::expirationTimestamp);
    io.out.println(ExecCredentialCodec.write(credential.build()));
    io.out.flush();
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
