package dev.kubelogin.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer identity provider for the answers a real one will not give: discovery and JWKS
 * served from a fixed key, token and device endpoint answers scripted one by one.
 */
final class ScriptedIdp implements AutoCloseable {
  static final RSAKey KEY = generate("k1");
  static final RSAKey OTHER_KEY = generate("k2");

  final MockWebServer server = new MockWebServer();
  final String issuer;
  final BlockingQueue<MockResponse> tokenAnswers = new LinkedBlockingQueue<>();
  final BlockingQueue<MockResponse> deviceAnswers = new LinkedBlockingQueue<>();
  final List<RecordedRequest> tokenRequests = Collections.synchronizedList(new ArrayList<>());
  volatile String discoveryExtra = "";

  /** When set, served as the discovery document instead of the usual one, byte for byte. */
  volatile String discoveryBody;

  /** The path of every request, in order. */
  final List<String> paths = Collections.synchronizedList(new ArrayList<>());

  private volatile String authorizationEndpoint;

  /** When set, token answers wait for it; {@link #tokenArrived} counts down on each request. */
  volatile java.util.concurrent.CountDownLatch tokenGate;

  final java.util.concurrent.CountDownLatch tokenArrived =
      new java.util.concurrent.CountDownLatch(1);
  volatile JWKSet jwks = new JWKSet(KEY.toPublicJWK());

  /** When set, served as the JWKS document instead of {@link #jwks}, byte for byte. */
  volatile String jwksBody;

  ScriptedIdp() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            paths.add(path);
            if (path.endsWith("/.well-known/openid-configuration")) {
              String body = discoveryBody;
              return json(200, body != null ? body : discovery());
            }
            if (path.endsWith("/certs")) {
              String body = jwksBody;
              return json(200, body != null ? body : jwks.toString());
            }
            if (path.endsWith("/token")) {
              tokenRequests.add(request);
              tokenArrived.countDown();
              java.util.concurrent.CountDownLatch gate = tokenGate;
              if (gate != null) {
                try {
                  gate.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              MockResponse r = tokenAnswers.poll();
              return r != null ? r : json(500, "{\"error\":\"server_error\"}");
            }
            if (path.endsWith("/device")) {
              MockResponse r = deviceAnswers.poll();
              return r != null ? r : json(500, "{}");
            }
            return new MockResponse.Builder().code(404).build();
          }
        });
    server.start(0);
    issuer = server.url("/realms/k").toString();
  }

  private String discovery() {
    return "{\"issuer\":\""
        + issuer
        + "\",\"authorization_endpoint\":\""
        + (authorizationEndpoint != null ? authorizationEndpoint : issuer + "/auth")
        + "\",\"token_endpoint\":\""
        + issuer
        + "/token\",\"jwks_uri\":\""
        + issuer
        + "/certs\",\"device_authorization_endpoint\":\""
        + issuer
        + "/device\",\"id_token_signing_alg_values_supported\":[\"RS256\"]"
        + ",\"code_challenge_methods_supported\":[\"S256\"]"
        + discoveryExtra
        + "}";
  }

  /** Makes discovery name {@code url} as the authorization endpoint. */
  void authorizationEndpoint(String url) {
    this.authorizationEndpoint = url;
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** Scripts a token endpoint answer. */
  void answerToken(int code, String body) {
    tokenAnswers.add(json(code, body));
  }

  /** Scripts a successful token answer with these tokens (null members are left out). */
  void answerTokens(String idToken, String refreshToken) {
    StringBuilder b = new StringBuilder("{\"access_token\":\"at\",\"token_type\":\"Bearer\"");
    if (idToken != null) {
      b.append(",\"id_token\":\"").append(idToken).append('"');
    }
    if (refreshToken != null) {
      b.append(",\"refresh_token\":\"").append(refreshToken).append('"');
    }
    answerToken(200, b.append('}').toString());
  }

  JWTClaimsSet.Builder claims(String audience, Instant iat, Instant exp) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject("alice")
        .audience(audience)
        .issueTime(Date.from(iat))
        .expirationTime(Date.from(exp));
  }

  /** An ID token for client {@code kubernetes}, signed with the served key. */
  String idToken(Instant iat, Instant exp) {
    return sign(claims("kubernetes", iat, exp).build(), KEY);
  }

  static String sign(JWTClaimsSet claims, RSAKey key) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unsigned token ({@code alg: none}) with these claims. */
  static String unsigned(JWTClaimsSet claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\"}".getBytes())
        + "."
        + b64.encodeToString(claims.toString().getBytes())
        + ".";
  }

  Map<String, String> form(RecordedRequest r) {
    return LoopbackServer.query(r.getBody().utf8());
  }

  private static RSAKey generate(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
