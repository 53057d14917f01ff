package dev.kubelogin.cli;

import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.JwtIssuerConfig;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * mock-oauth2-server issuing tokens for user alice in groups dev and ops, audience kubernetes, for
 * every grant; counts the token requests it served.
 */
final class TestIdp implements AutoCloseable {
  static final String CLIENT_ID = "kubernetes";
  private final MockOAuth2Server server;

  TestIdp(int tokenSeconds) {
    server =
        new MockOAuth2Server(
            OAuth2Config.Companion.fromJson(
                "{\"interactiveLogin\":false,\"tokenCallbacks\":[{\"issuerId\":\"kubelogin\","
                    + "\"tokenExpiry\":"
                    + tokenSeconds
                    + ",\"requestMappings\":[{\"requestParam\":\"grant_type\",\"match\":\"*\","
                    + "\"claims\":{\"sub\":\"alice\",\"aud\":[\"kubernetes\"],"
                    + "\"groups\":[\"dev\",\"ops\"]}}]}]}"));
    server.start();
  }

  String issuer() {
    return server.issuerUrl("kubelogin").toString();
  }

  /** A started fake API server that accepts this provider's tokens, groups from "groups". */
  FakeKubeApiServer apiServer() {
    return FakeKubeApiServer.builder()
        .jwtIssuer(JwtIssuerConfig.builder(issuer(), CLIENT_ID).groupsClaim("groups").build())
        .start();
  }

  /** The token requests served since the last call (the IdP has answered them all). */
  int takeTokenRequests() throws InterruptedException {
    int n = 0;
    while (true) {
      RecordedRequest r;
      try {
        r = server.takeRequest(1, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        return n; // "no request found in queue": all taken
      }
      if (r == null) {
        return n;
      }
      if ("POST".equals(r.getMethod()) && r.getPath().endsWith("/token")) {
        n++;
      }
    }
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
