package dev.kubelogin.oidc;

import dev.kubelogin.oidc.cache.CachedTokens;
import java.util.Map;

/**
 * Client credentials (int128's {@code client-credentials}): HTTP Basic client authentication, the
 * extra auth-request parameters as form fields. The ID token (or, with {@code
 * --oidc-use-access-token}, the access token when it is a JWT) is verified; int128 skips
 * verification of the access token entirely.
 */
final class ClientCredentialsGrant {
  private ClientCredentialsGrant() {}

  static CachedTokens login(LoginSession auth) {
    Map<String, String> extra = auth.options().authRequestExtraParams();
    TokenResponse r =
        auth.client().clientCredentials(auth.scope(), extra == null ? Map.of() : extra);
    return auth.verified(r, null, null);
  }
}
