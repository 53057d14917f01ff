package dev.kubelogin.oidc;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.kubeconfig.AuthInfo;
import dev.kubelogin.core.kubeconfig.AuthProviderConfig;
import dev.kubelogin.core.resolve.PluginContext;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The legacy {@code auth-provider: oidc} (client-go's removed plugin, which Dex's example app and
 * int128's standalone mode set up): serve {@code id-token} while valid, else refresh with {@code
 * refresh-token} and write both back to the kubeconfig. Thread-safe (the caching layer above
 * serialises refreshes).
 */
final class AuthProviderOidcTokenProvider implements TokenProvider {
  private final PluginContext context;
  private final OidcAuthenticator authenticator;
  private final Clock clock;
  private volatile AuthProviderConfig config;

  AuthProviderOidcTokenProvider(AuthProviderConfig config, PluginContext context, Path home) {
    this.config = config;
    this.context = context;
    this.clock = context.clock();
    Map<String, String> c = config.config();
    String issuer = c.getOrDefault("idp-issuer-url", "");
    String clientId = c.getOrDefault("client-id", "");
    List<String> args = new ArrayList<>();
    args.add("--oidc-issuer-url=" + issuer);
    args.add("--oidc-client-id=" + clientId);
    if (!c.getOrDefault("client-secret", "").isEmpty()) {
      args.add("--oidc-client-secret=" + c.get("client-secret"));
    }
    if (!c.getOrDefault("idp-certificate-authority", "").isEmpty()) {
      args.add("--certificate-authority=" + c.get("idp-certificate-authority"));
    }
    if (!c.getOrDefault("idp-certificate-authority-data", "").isEmpty()) {
      args.add("--certificate-authority-data=" + c.get("idp-certificate-authority-data"));
    }
    if (!c.getOrDefault("extra-scopes", "").isEmpty()) {
      args.add("--oidc-extra-scope=" + c.get("extra-scopes"));
    }
    this.authenticator =
        OidcAuthenticator.builder(GetTokenOptions.parse(args))
            .interactive(false)
            .environment(context.environment())
            .home(home)
            .clock(clock)
            .build();
  }

  @Override
  public AccessToken token() {
    Map<String, String> c = config.config();
    String idToken = c.getOrDefault("id-token", "");
    if (!idToken.isEmpty()) {
      CachedTokens current = new CachedTokens(idToken, c.get("refresh-token"));
      if (current.isValidAt(clock.instant())) {
        return AccessToken.bearer(idToken, current.expiresAt().orElse(null));
      }
    }
    String refreshToken = c.getOrDefault("refresh-token", "");
    if (refreshToken.isEmpty()) {
      throw new InteractionRequiredException(
          "login required: the id-token of user \""
              + context.userName()
              + "\" (auth-provider oidc) has expired and there is no refresh-token; log in again"
              + " with your identity provider's kubeconfig tool");
    }
    if (c.getOrDefault("idp-issuer-url", "").isEmpty()
        || c.getOrDefault("client-id", "").isEmpty()) {
      throw new InvalidConfigurationException(
          "user \""
              + context.userName()
              + "\": auth-provider oidc needs idp-issuer-url and client-id to refresh");
    }
    CachedTokens fresh = authenticator.refresh(refreshToken);
    AuthProviderConfig next =
        config
            .with("id-token", fresh.idToken())
            .with("refresh-token", fresh.refreshToken().orElse(refreshToken));
    persist(next);
    config = next;
    return AccessToken.bearer(fresh.idToken(), fresh.expiresAt().orElse(null));
  }

  private void persist(AuthProviderConfig next) {
    if (context.writer().isEmpty()) {
      return; // an in-memory kubeconfig: nothing to write back to
    }
    AuthInfo user = context.user().toBuilder().authProvider(next).build();
    try {
      context.writer().get().setUser(context.userName(), user);
    } catch (KubeloginException e) {
      throw new KubeloginException(
          "refreshed the id-token of user \""
              + context.userName()
              + "\" but could not write it back to the kubeconfig: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "AuthProviderOidcTokenProvider{user=" + context.userName() + "}";
  }
}
