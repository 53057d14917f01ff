package dev.kubelogin.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.resolve.ClientCertificate;
import dev.kubelogin.core.resolve.ClientCertificateProvider;
import dev.kubelogin.core.tls.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * How the client proves itself to the token endpoint when it has no secret: a JWT signed with its
 * private key ({@code private_key_jwt}, RFC 7523 §2.2; {@code iss} and {@code sub} the client id,
 * {@code aud} the token endpoint, a minute's lifetime, a fresh {@code jti}), or its TLS client
 * certificate ({@code tls_client_auth}, {@code self_signed_tls_client_auth}, RFC 8705). The
 * assertion's {@code kid} is the JWK's own, else the RFC 7638 thumbprint of the public key; with a
 * certificate the header also carries its {@code x5t#S256}. Immutable and thread-safe; holds key
 * material, so {@link #toString()} names only the method.
 */
final class ClientAuthentication {
  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(1);

  private final String method;
  private final JWSSigner signer;
  private final JWSHeader header;
  private final ClientCertificateProvider tlsCertificate;
  private final Clock clock;

  private ClientAuthentication(
      String method,
      JWSSigner signer,
      JWSHeader header,
      ClientCertificateProvider tlsCertificate,
      Clock clock) {
    this.method = method;
    this.signer = signer;
    this.header = header;
    this.tlsCertificate = tlsCertificate;
    this.clock = clock;
  }

  /** A client secret or a public client: nothing beyond the form and Basic auth. */
  static ClientAuthentication none() {
    return new ClientAuthentication("", null, null, null, Clock.systemUTC());
  }

  /**
   * The client authentication {@code options} ask for, keys read now.
   *
   * @throws InvalidConfigurationException when a file cannot be read or holds no usable key
   */
  static ClientAuthentication of(GetTokenOptions options, Path home, Clock clock) {
    String method = options.clientAuthMethod();
    if (method.isEmpty()) {
      return none();
    }
    Optional<Path> certFile =
        options.oidcClientCertificateFile().map(f -> GetTokenOptions.expandHome(f, home));
    Optional<Path> keyFile =
        options.oidcClientKeyFile().map(f -> GetTokenOptions.expandHome(f, home));
    if (!method.equals("private_key_jwt")) {
      byte[] cert = read(certFile.get(), "--oidc-client-certificate");
      byte[] key = read(keyFile.get(), "--oidc-client-key");
      ClientCertificate certificate = new ClientCertificate(cert, key);
      return new ClientAuthentication(method, null, null, () -> certificate, clock);
    }
    try {
      if (options.oidcClientJwkFile().isPresent()) {
        Path file = GetTokenOptions.expandHome(options.oidcClientJwkFile().get(), home);
        JWK jwk = JWK.parse(new String(read(file, "--oidc-client-jwk"), StandardCharsets.UTF_8));
        if (!jwk.isPrivate()) {
          throw new InvalidConfigurationException(
              "get-token: --oidc-client-jwk " + file + " holds no private key");
        }
        String kid = jwk.getKeyID() != null ? jwk.getKeyID() : jwk.computeThumbprint().toString();
        if (jwk instanceof RSAKey) {
          JWSAlgorithm alg =
              jwk.getAlgorithm() != null
                  ? JWSAlgorithm.parse(jwk.getAlgorithm().getName())
                  : JWSAlgorithm.RS256;
          return signed(new RSASSASigner((RSAKey) jwk), alg, kid, null, clock);
        }
        if (jwk instanceof ECKey) {
          ECKey ec = (ECKey) jwk;
          return signed(new ECDSASigner(ec), ecAlgorithm(ec.getCurve()), kid, null, clock);
        }
        throw new InvalidConfigurationException(
            "get-token: --oidc-client-jwk " + file + ": only RSA and EC keys sign assertions");
      }
      PrivateKey key =
          Pem.privateKey(
                  new String(read(keyFile.get(), "--oidc-client-key"), StandardCharsets.UTF_8))
              .orElseThrow(
                  () ->
                      new InvalidConfigurationException(
                          "get-token: --oidc-client-key "
                              + keyFile.get()
                              + " holds no private key"));
      X509Certificate cert = null;
      if (certFile.isPresent()) {
        List<X509Certificate> certs =
            Pem.certificates(read(certFile.get(), "--oidc-client-certificate"));
        if (certs.isEmpty()) {
          throw new InvalidConfigurationException(
              "get-token: --oidc-client-certificate " + certFile.get() + " holds no certificate");
        }
        cert = certs.get(0);
      }
      if (key instanceof RSAPrivateKey) {
        RSAPublicKey pub =
            cert != null
                ? (RSAPublicKey) cert.getPublicKey()
                : key instanceof RSAPrivateCrtKey
                    ? (RSAPublicKey)
                        KeyFactory.getInstance("RSA")
                            .generatePublic(
                                new RSAPublicKeySpec(
                                    ((RSAPrivateCrtKey) key).getModulus(),
                                    ((RSAPrivateCrtKey) key).getPublicExponent()))
                    : null;
        String kid =
            pub == null ? null : new RSAKey.Builder(pub).build().computeThumbprint().toString();
        return signed(new RSASSASigner(key), JWSAlgorithm.RS256, kid, cert, clock);
      }
      if (key instanceof ECPrivateKey) {
        Curve curve = Curve.forECParameterSpec(((ECPrivateKey) key).getParams());
        String kid =
            cert == null
                ? null
                : new ECKey.Builder(
                        curve, (java.security.interfaces.ECPublicKey) cert.getPublicKey())
                    .build()
                    .computeThumbprint()
                    .toString();
        return signed(new ECDSASigner((ECPrivateKey) key), ecAlgorithm(curve), kid, cert, clock);
      }
      throw new InvalidConfigurationException(
          "get-token: --oidc-client-key "
              + keyFile.get()
              + ": only RSA and EC keys sign assertions");
    } catch (ParseException | JOSEException | GeneralSecurityException e) {
      throw new InvalidConfigurationException(
          "get-token: cannot use the client key for private_key_jwt: " + e.getMessage(), e);
    }
  }

  private static JWSAlgorithm ecAlgorithm(Curve curve) {
    if (Curve.P_256.equals(curve)) {
      return JWSAlgorithm.ES256;
    }
    if (Curve.P_384.equals(curve)) {
      return JWSAlgorithm.ES384;
    }
    if (Curve.P_521.equals(curve)) {
      return JWSAlgorithm.ES512;
    }
    throw new InvalidConfigurationException(
        "get-token: the client key's curve " + curve + " has no JWS algorithm");
  }

  private static ClientAuthentication signed(
      JWSSigner signer, JWSAlgorithm alg, String kid, X509Certificate cert, Clock clock)
      throws GeneralSecurityException {
    JWSHeader.Builder h = new JWSHeader.Builder(alg);
    if (kid != null) {
      h.keyID(kid);
    }
    if (cert != null) {
      h.x509CertSHA256Thumbprint(
          Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())));
    }
    return new ClientAuthentication("private_key_jwt", signer, h.build(), null, clock);
  }

  private static byte[] read(Path file, String flag) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidConfigurationException(
          "get-token: cannot read " + flag + " " + file + ": " + e, e);
    }
  }

  /** The method of {@code --oidc-client-auth-method}; empty for a secret or a public client. */
  String method() {
    return method;
  }

  /** Whether the client sends an assertion (so neither a secret nor Basic auth). */
  boolean assertion() {
    return signer != null;
  }

  /** The certificate to present in TLS to the provider, for the RFC 8705 methods. */
  Optional<ClientCertificateProvider> tlsCertificate() {
    return Optional.ofNullable(tlsCertificate);
  }

  /**
   * The form parameters that authenticate the client to {@code tokenEndpoint}: {@code client_id},
   * and for private_key_jwt a fresh signed {@code client_assertion}.
   */
  Map<String, String> parameters(String clientId, String tokenEndpoint) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("client_id", clientId);
    if (signer != null) {
      Instant now = clock.instant();
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .issuer(clientId)
              .subject(clientId)
              .audience(tokenEndpoint)
              .jwtID(UUID.randomUUID().toString())
              .issueTime(Date.from(now))
              .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
              .build();
      SignedJWT jwt = new SignedJWT(header, claims);
      try {
        jwt.sign(signer);
      } catch (JOSEException e) {
        throw new InvalidConfigurationException(
            "get-token: cannot sign the client assertion: " + e.getMessage(), e);
      }
      p.put("client_assertion_type", ASSERTION_TYPE);
      p.put("client_assertion", jwt.serialize());
    }
    return p;
  }

  @Override
  public String toString() {
    return "ClientAuthentication{" + (method.isEmpty() ? "secret or none" : method) + "}";
  }
}
