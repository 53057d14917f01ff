package dev.kubelogin.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A minimal JWT issuer on 127.0.0.1 for tests of JWT validation: it serves an OpenID discovery
 * document and a JWKS, and mints tokens signed with its RSA key (or, to test rejections, with a key
 * it does not publish). It does not implement any OAuth grant; use a real OIDC server for login
 * flows. Thread-safe; close it after use.
 */
public final class TestIssuer implements AutoCloseable {
  private final HttpServer server;
  private final RSAKey key;
  private final RSAKey foreignKey;

  private TestIssuer() throws IOException, JOSEException {
    key =
        new RSAKeyGenerator(2048)
            .keyID(UUID.randomUUID().toString())
            .keyUse(KeyUse.SIGNATURE)
            .generate();
    foreignKey = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/.well-known/openid-configuration", ex -> send(ex, discovery()));
    server.createContext("/jwks", ex -> send(ex, new JWKSet(key.toPublicJWK()).toString()));
    server.start();
  }

  /** Starts an issuer. */
  public static TestIssuer start() {
    try {
      return new TestIssuer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuer URL, {@code http://127.0.0.1:<port>}. */
  public String issuerUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Signs {@code claims} with RS256 and the published key. */
  public String mint(JWTClaimsSet claims) {
    return sign(claims, key);
  }

  /** Signs {@code claims} with a key of the same id that the JWKS does not contain. */
  public String mintWithForeignKey(JWTClaimsSet claims) {
    return sign(claims, foreignKey);
  }

  /** Returns a claims builder with this issuer, a subject and an hour of validity. */
  public JWTClaimsSet.Builder claims(String subject, String audience) {
    long now = System.currentTimeMillis();
    return new JWTClaimsSet.Builder()
        .issuer(issuerUrl())
        .subject(subject)
        .audience(audience)
        .issueTime(new java.util.Date(now))
        .expirationTime(new java.util.Date(now + 3_600_000));
  }

  private static String sign(JWTClaimsSet claims, RSAKey with) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(with));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private String discovery() {
    String issuer = issuerUrl();
    return "{\"issuer\":\""
        + issuer
        + "\",\"jwks_uri\":\""
        + issuer
        + "/jwks\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
  }

  private static void send(HttpExchange ex, String body) throws IOException {
    try (ex) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops the issuer. */
  @Override
  public void close() {
    server.stop(0);
  }
}
