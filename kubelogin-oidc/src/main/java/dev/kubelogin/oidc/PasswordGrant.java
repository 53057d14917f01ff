package dev.kubelogin.oidc;

import dev.kubelogin.oidc.cache.CachedTokens;

/**
 * Resource owner password credentials (int128's {@code password}): prompts {@code Username: } and
 * {@code Password: } (without echo) for what the options lack; the ID token is verified without a
 * nonce.
 */
final class PasswordGrant {
  private PasswordGrant() {}

  static CachedTokens login(LoginSession auth) {
    GetTokenOptions o = auth.options();
    String username = o.username().isEmpty() ? auth.console().readLine("Username: ") : o.username();
    String password =
        o.password().isEmpty() ? auth.console().readSecret("Password: ") : o.password();
    return auth.verified(auth.client().password(username, password, auth.scope()), null, null);
  }
}
