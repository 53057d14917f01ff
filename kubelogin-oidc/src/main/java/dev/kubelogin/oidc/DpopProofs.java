package dev.kubelogin.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kubelogin.core.InvalidConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.UUID;

/**
 * DPoP proofs (RFC 9449) with one P-256 key, so that tokens the provider binds to it ({@code
 * cnf.jkt}) — the refresh token above all — are worthless without the key. The key is kept as a JWK
 * in a 0600 file beside the token cache, as Azure's kubelogin keeps its PoP key, created on first
 * use and read afterwards; without a file it lives in memory. Each proof carries the public key,
 * {@code htm}, {@code htu} (without query or fragment), {@code iat}, a fresh {@code jti} and the
 * server's nonce when it asked for one. Thread-safe.
 */
final class DpopProofs {
  private final ECKey key;
  private final ECDSASigner signer;
  private final Clock clock;

  private DpopProofs(ECKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
    try {
      this.signer = new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new InvalidConfigurationException("the DPoP key cannot sign: " + e.getMessage(), e);
    }
  }

  /** A key in memory only: bound tokens die with the process. */
  static DpopProofs inMemory(Clock clock) {
    return new DpopProofs(generate(), clock);
  }

  /**
   * The key in {@code file}: read when it exists, else created there (0600, by exactly one of any
   * racing processes).
   *
   * @throws InvalidConfigurationException when the file exists but holds no private EC key, or
   *     cannot be read or written
   */
  static DpopProofs load(Path file, Clock clock) {
    try {
      if (!Files.exists(file)) {
        ECKey fresh = generate();
        Files.createDirectories(file.getParent());
        try {
          Files.write(
              file,
              fresh.toJSONString().getBytes(StandardCharsets.UTF_8),
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
          try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
          } catch (UnsupportedOperationException e) {
            // not a POSIX file system
          }
          return new DpopProofs(fresh, clock);
        } catch (FileAlreadyExistsException e) {
          // another process created it first: use theirs
        }
      }
      JWK jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (!(jwk instanceof ECKey) || !jwk.isPrivate()) {
        throw new InvalidConfigurationException(
            "the DPoP key file " + file + " holds no private EC key; delete it to get a new one");
      }
      return new DpopProofs((ECKey) jwk, clock);
    } catch (IOException | ParseException e) {
      throw new InvalidConfigurationException(
          "the DPoP key file " + file + " cannot be used: " + e.getMessage(), e);
    }
  }

  private static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The RFC 7638 thumbprint of the public key: what a bound token's {@code cnf.jkt} holds. */
  String thumbprint() {
    try {
      return key.computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A proof for {@code method} on {@code url}, with {@code nonce} when not null. */
  String proof(String method, String url, String nonce) {
    URI u = URI.create(url);
    String htu =
        u.getScheme()
            + "://"
            + u.getRawAuthority()
            + (u.getRawPath() == null ? "" : u.getRawPath());
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .jwtID(UUID.randomUUID().toString())
            .claim("htm", method)
            .claim("htu", htu)
            .issueTime(Date.from(clock.instant()));
    if (nonce != null) {
      claims.claim("nonce", nonce);
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK())
                .build(),
            claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  @Override
  public String toString() {
    return "DpopProofs{" + thumbprint() + "}";
  }
}
