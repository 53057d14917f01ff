package dev.kubelogin.oidc;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.oidc.cache.CachedTokens;

/**
 * Authorization code typed in by the person (int128's {@code authcode-keyboard}): print the URL,
 * read {@code Enter code: }, exchange it and verify the nonce. The redirect URI is {@code
 * --oidc-redirect-url} (for example {@code urn:ietf:wg:oauth:2.0:oob}), omitted when unset.
 */
final class KeyboardGrant {
  private KeyboardGrant() {}

  static CachedTokens login(LoginSession auth) {
    GetTokenOptions o = auth.options();
    OidcClient client = auth.client();
    String endpoint = client.authorizationEndpoint();
    Pkce pkce = Pkce.choose(o.pkceMethod(), client.metadata().codeChallengeMethods());
    String nonce = Pkce.random32();
    String url =
        AuthorizationRequest.url(
            endpoint,
            o.clientId(),
            o.redirectUrl(),
            auth.scope(),
            Pkce.random32(),
            nonce,
            pkce,
            o.accessType(),
            o.authRequestExtraParams());
    auth.console().println("Please visit the following URL in your browser: " + url);
    String code = auth.console().readLine("Enter code: ").strip();
    if (code.isEmpty()) {
      throw new AuthenticationFailedException("no authorization code was entered");
    }
    return auth.verified(client.exchangeCode(code, o.redirectUrl(), pkce.verifier), nonce, null);
  }
}
