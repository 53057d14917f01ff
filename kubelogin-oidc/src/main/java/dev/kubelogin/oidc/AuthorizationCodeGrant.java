package dev.kubelogin.oidc;

import dev.kubelogin.oidc.cache.CachedTokens;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;

/**
 * Authorization code + PKCE through the loopback server (int128's {@code authcode}): start the
 * server, send the browser to the provider, wait for the callback, exchange the code, verify the ID
 * token and its nonce — all within {@code --authentication-timeout-sec}.
 */
final class AuthorizationCodeGrant {
  private AuthorizationCodeGrant() {}

  static CachedTokens login(LoginSession auth) {
    GetTokenOptions o = auth.options();
    Instant deadline = auth.clock().instant().plusSeconds(o.authenticationTimeoutSeconds());
    OidcClient client = auth.client();
    String endpoint = client.authorizationEndpoint();
    Pkce pkce = Pkce.choose(o.pkceMethod(), client.metadata().codeChallengeMethods());
    String state = Pkce.random32();
    String nonce = Pkce.random32();
    SSLContext tls = null;
    if (o.localServerCert().isPresent()) {
      tls =
          LoopbackTls.load(
              auth.expandHome(o.localServerCert().get()),
              auth.expandHome(o.localServerKey().get()));
    }
    try (LoopbackServer server =
        LoopbackServer.start(
            o.listenAddresses(),
            o.redirectUrl(),
            tls,
            state,
            o.openUrlAfterAuthentication().orElse(""))) {
      String url =
          AuthorizationRequest.url(
              endpoint,
              o.clientId(),
              server.redirectUri(),
              auth.scope(),
              state,
              nonce,
              pkce,
              o.accessType(),
              o.authRequestExtraParams());
      server.authorizationUrl(url);
      auth.showUrl(url);
      String code = server.awaitCode(Duration.between(auth.clock().instant(), deadline));
      TokenResponse response = client.exchangeCode(code, server.redirectUri(), pkce.verifier);
      return auth.verified(response, nonce, null);
    }
  }
}
