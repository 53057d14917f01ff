package dev.kubelogin.azure;

import com.google.gson.Gson;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.store.AtomicFiles;
import dev.kubelogin.core.store.FileLocks;
import dev.kubelogin.core.tls.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof-of-possession tokens as Azure kubelogin makes them (for Azure Arc and AKS hybrid): an
 * RSA-2048 key kept in {@code <cache-dir>/pop_rsa_key.cache} (PKCS#1 PEM, 0600) and reused; the
 * token request carries {@code token_type=pop} and {@code req_cnf} (the key's RFC 7638 thumbprint
 * as {@code kid}); the access token is wrapped, on every call, in a JWS signed RS256 with that key:
 * header {@code {"typ":"pop","alg":"RS256","kid":…}}, payload {@code at}, {@code ts}, every {@code
 * --pop-claims} claim ({@code u} required; the Go tool keeps only {@code u}), {@code cnf.jwk} and a
 * random {@code nonce}.
 */
final class PopTokens {
  private static final Logger LOG = LoggerFactory.getLogger(PopTokens.class);
  static final String KEY_FILE = "pop_rsa_key.cache";
  private static final List<String> RESERVED = List.of("at", "ts", "cnf", "nonce");

  /** Re-sign (new ts and nonce) this often when served from memory. */
  static final Duration RESIGN_AFTER = Duration.ofMinutes(4);

  private final RSAKey jwk;
  private final Map<String, String> claims;
  private final Clock clock;

  private PopTokens(RSAKey jwk, Map<String, String> claims, Clock clock) {
    this.jwk = jwk;
    this.claims = claims;
    this.clock = clock;
  }

  static PopTokens open(Path cacheDirectory, Map<String, String> claims, Clock clock) {
    for (String reserved : RESERVED) {
      if (claims.containsKey(reserved)) {
        throw new InvalidConfigurationException(
            "--pop-claims may not set \"" + reserved + "\": the PoP token sets it");
      }
    }
    Path file = cacheDirectory.resolve(KEY_FILE);
    try {
      AtomicFiles.createDirectories(cacheDirectory, AtomicFiles.OWNER_ONLY_DIR);
      try (FileLocks.Held ignored =
          FileLocks.lockFile(file.resolveSibling(KEY_FILE + ".lock"), Duration.ofSeconds(10))) {
        RSAPrivateCrtKey key = read(file);
        if (key == null) {
          KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
          g.initialize(2048);
          key = (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
          AtomicFiles.writePrivate(file, Pem.pkcs1(key).getBytes(StandardCharsets.US_ASCII));
          // tokens bound to an earlier key are useless now
          Files.deleteIfExists(cacheDirectory.resolve(MsalCacheFile.POP_TOKENS));
        }
        RSAPublicKey pub =
            (RSAPublicKey)
                KeyFactory.getInstance("RSA")
                    .generatePublic(
                        new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        RSAKey jwk = new RSAKey.Builder(pub).privateKey((PrivateKey) key).build();
        jwk = new RSAKey.Builder(jwk).keyID(jwk.computeThumbprint().toString()).build();
        return new PopTokens(jwk, claims, clock);
      }
    } catch (IOException | GeneralSecurityException | JOSEException e) {
      throw new KubeloginException("cannot load or create the PoP key " + file + ": " + e, e);
    } catch (TimeoutException e) {
      throw new KubeloginException("the PoP key " + file + " stayed locked", e);
    }
  }

  private static RSAPrivateCrtKey read(Path file) {
    try {
      PrivateKey k = Pem.privateKey(Files.readString(file, StandardCharsets.US_ASCII)).orElse(null);
      if (k instanceof RSAPrivateCrtKey
          && ((RSAPrivateCrtKey) k).getModulus().bitLength() >= 2048) {
        return (RSAPrivateCrtKey) k;
      }
      LOG.warn("PoP key {} holds no RSA-2048 key; making a new one", file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.warn("PoP key {} is unreadable ({}); making a new one", file, e.toString());
    }
    return null;
  }

  /** The key's RFC 7638 thumbprint. */
  String keyId() {
    return jwk.getKeyID();
  }

  /** {@code token_type=pop} and {@code req_cnf} for the token request. */
  Map<String, String> requestParameters() {
    String cnf = "{\"kid\":\"" + keyId() + "\",\"xms_ksl\":\"sw\"}";
    return Map.of(
        "token_type",
        "pop",
        "req_cnf",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(cnf.getBytes(StandardCharsets.UTF_8)));
  }

  /** The signed PoP token for {@code r}, with the claims given to {@link #open}. */
  AccessToken token(Login.Result r) {
    Instant now = clock.instant();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("at", r.accessToken);
    payload.put("ts", now.getEpochSecond());
    payload.putAll(claims);
    Map<String, Object> pub = new LinkedHashMap<>();
    pub.put("e", jwk.getPublicExponent().toString());
    pub.put("kty", "RSA");
    pub.put("n", jwk.getModulus().toString());
    pub.put("alg", "RS256");
    pub.put("kid", keyId());
    payload.put("cnf", Map.of("jwk", pub));
    payload.put("nonce", UUID.randomUUID().toString().replace("-", ""));
    JWSObject jws =
        new JWSObject(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("pop"))
                .keyID(keyId())
                .build(),
            new Payload(new Gson().toJson(payload)));
    try {
      jws.sign(new RSASSASigner(jwk));
    } catch (JOSEException e) {
      throw new KubeloginException("cannot sign the PoP token: " + e.getMessage(), e);
    }
    Instant refresh = now.plus(RESIGN_AFTER);
    return AccessToken.builder(jws.serialize())
        .type(AccessToken.Type.POP)
        .expiresAt(r.expiresOn)
        .refreshAt(refresh.isBefore(r.expiresOn) ? refresh : null)
        .build();
  }
}
