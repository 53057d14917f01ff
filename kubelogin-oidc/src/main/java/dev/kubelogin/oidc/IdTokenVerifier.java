package dev.kubelogin.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kubelogin.core.AuthenticationFailedException;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Verifies tokens issued by one provider as go-oidc does for int128/kubelogin, plus the checks it
 * leaves out: exactly one signature by a key of the provider's JWKS (fetched once, refetched when
 * the {@code kid} is unknown), an algorithm from {@code id_token_signing_alg_values_supported}
 * (RS256 when absent; never {@code none} or HMAC), {@code iss} equal to the issuer, {@code aud}
 * containing the client id, {@code azp} equal to the client id when there are several audiences,
 * {@code exp} in the future, {@code nbf} at most 5 minutes ahead, and the {@code nonce} when one
 * was sent. Thread-safe.
 */
final class IdTokenVerifier {
  private static final Duration NBF_LEEWAY = Duration.ofMinutes(5);
  private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

  private final IdpTransport transport;
  private final ProviderMetadata metadata;
  private final Clock clock;
  private volatile JWKSet keys;

  IdTokenVerifier(IdpTransport transport, ProviderMetadata metadata, Clock clock) {
    this.transport = transport;
    this.metadata = metadata;
    this.clock = clock;
  }

  /**
   * Verifies {@code token} and returns its claims.
   *
   * @param audience the client id that must be an audience, or {@code null} to skip the audience
   *     checks (access tokens)
   * @param nonce the nonce sent in the authorization request, or {@code null}
   * @throws AuthenticationFailedException naming the check that failed; never quoting the token
   */
  Map<String, Object> verify(String token, String what, String audience, String nonce) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw fail(what, "is not a signed JWT (" + e.getMessage() + ")");
    }
    JWSHeader header = jwt.getHeader();
    JWSAlgorithm alg = header.getAlgorithm();
    if (!metadata.signingAlgorithms().contains(alg.getName())
        || JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
      throw fail(
          what,
          "is signed with "
              + alg.getName()
              + ", which the issuer does not advertise (supported: "
              + metadata.signingAlgorithms()
              + ")");
    }
    checkSignature(jwt, what);
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw fail(what, "has a payload that is not a JSON claims set");
    }
    checkClaims(claims, what, audience, nonce);
    return claims.toJSONObject();
  }

  private void checkSignature(SignedJWT jwt, String what) {
    JWKMatcher matcher = JWKMatcher.forJWSHeader(jwt.getHeader());
    if (matcher == null) {
      throw fail(what, "uses an algorithm this library cannot verify");
    }
    JWKSelector selector = new JWKSelector(matcher);
    List<JWK> candidates = selector.select(keys(false));
    if (candidates.isEmpty()) {
      candidates = selector.select(keys(true)); // the provider may have rotated its keys
    }
    if (candidates.isEmpty()) {
      throw fail(
          what,
          "is signed by a key the issuer's JWKS ("
              + metadata.jwksUri()
              + ") does not contain (kid "
              + jwt.getHeader().getKeyID()
              + ")");
    }
    for (JWK key : candidates) {
      try {
        if (!(key instanceof AsymmetricJWK)) {
          continue;
        }
        PublicKey publicKey = ((AsymmetricJWK) key).toPublicKey();
        JWSVerifier verifier = VERIFIERS.createJWSVerifier(jwt.getHeader(), publicKey);
        if (jwt.verify(verifier)) {
          return;
        }
      } catch (JOSEException e) {
        // try the next key
      }
    }
    throw fail(what, "has a signature that does not verify with the issuer's keys");
  }

  private void checkClaims(JWTClaimsSet claims, String what, String audience, String nonce) {
    String iss = claims.getIssuer();
    boolean googleAlias =
        "https://accounts.google.com".equals(metadata.issuer())
            && "accounts.google.com".equals(iss);
    if (!metadata.issuer().equals(iss) && !googleAlias) {
      throw fail(what, "was issued by \"" + iss + "\", not \"" + metadata.issuer() + "\"");
    }
    if (audience != null) {
      List<String> aud = claims.getAudience();
      if (!aud.contains(audience)) {
        throw fail(what, "is for audience " + aud + ", not the client id \"" + audience + "\"");
      }
      Object azp = claims.getClaim("azp");
      if (aud.size() > 1 && azp != null && !audience.equals(azp)) {
        throw fail(what, "was authorized for \"" + azp + "\", not \"" + audience + "\"");
      }
    }
    Instant now = clock.instant();
    Date exp;
    Date nbf;
    try {
      exp = claims.getDateClaim("exp");
      nbf = claims.getDateClaim("nbf");
    } catch (ParseException e) {
      throw fail(what, "has a non-numeric exp or nbf");
    }
    if (exp == null) {
      throw fail(what, "has no exp");
    }
    if (exp.toInstant().isBefore(now)) {
      throw fail(what, "expired at " + exp.toInstant() + " (now " + now + ")");
    }
    if (nbf != null && nbf.toInstant().isAfter(now.plus(NBF_LEEWAY))) {
      throw fail(what, "is not valid before " + nbf.toInstant());
    }
    if (nonce != null && !nonce.equals(claims.getClaim("nonce"))) {
      throw fail(what, "has a nonce that does not match the one sent");
    }
  }

  private JWKSet keys(boolean refetch) {
    JWKSet k = keys;
    if (k != null && !refetch) {
      return k;
    }
    synchronized (this) {
      if (keys != null && keys != k) {
        return keys; // another thread refetched meanwhile
      }
      IdpTransport.Response r = transport.get(metadata.jwksUri());
      if (r.status != 200) {
        throw new AuthenticationFailedException(
            "could not fetch the issuer's keys: GET "
                + metadata.jwksUri()
                + " answered HTTP "
                + r.status
                + Discovery.snippet(r.body));
      }
      try {
        keys = JWKSet.parse(r.body);
      } catch (ParseException e) {
        throw new AuthenticationFailedException(
            "could not read the issuer's keys from " + metadata.jwksUri() + ": " + e.getMessage());
      }
      return keys;
    }
  }

  private static AuthenticationFailedException fail(String what, String why) {
    return new AuthenticationFailedException(what + " " + why);
  }
}
