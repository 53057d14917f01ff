package dev.kubelogin.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kube-apiserver's JWT authenticator (plugin/pkg/authenticator/token/oidc) for one issuer, in the
 * order the real one checks: routing by the untrusted {@code iss}, discovery, signature and
 * algorithm, {@code iss}, audiences (any), {@code exp} (required, no leeway), {@code nbf} (one
 * minute of leeway), username claim with prefix and the {@code email_verified} rule, groups, and
 * required claims.
 */
final class JwtAuthenticator {
  private static final Duration NBF_LEEWAY = Duration.ofMinutes(1);

  /** The token was for this issuer and is invalid. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String reason) {
      super(reason);
    }
  }

  private final JwtIssuerConfig config;
  private final HttpClient http;
  private final Clock clock;
  private volatile JWKSet keys;

  JwtAuthenticator(JwtIssuerConfig config, HttpClient http, Clock clock) {
    this.config = config;
    this.http = http;
    this.clock = clock;
  }

  /** Empty when the token is not a JWT of this issuer (the next authenticator may take it). */
  Optional<UserInfo> authenticate(String token) throws Rejected {
    String[] parts = token.split("\\.", -1);
    if (token.startsWith("{") || parts.length != 3) {
      return Optional.empty();
    }
    String iss;
    try {
      JsonObject payload =
          JsonParser.parseString(
                  new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
              .getAsJsonObject();
      JsonElement i = payload.get("iss");
      iss = i != null && i.isJsonPrimitive() ? i.getAsString() : "";
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (iss.equals("accounts.google.com")) {
      iss = "https://accounts.google.com";
    }
    if (!iss.equals(config.issuerUrl)) {
      return Optional.empty();
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new Rejected("oidc: malformed jwt: " + e.getMessage());
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!config.signingAlgorithms.contains(alg.getName())) {
      throw new Rejected(
          "oidc: id token signed with unsupported algorithm, expected "
              + config.signingAlgorithms
              + " got \""
              + alg.getName()
              + "\"");
    }
    if (!verify(jwt, false) && !verify(jwt, true)) {
      throw new Rejected("oidc: failed to verify signature");
    }
    if (!config.issuerUrl.equals(claims.getIssuer())) {
      throw new Rejected("oidc: id token issued by a different provider");
    }
    List<String> aud = claims.getAudience();
    if (aud == null || aud.stream().noneMatch(config.audiences::contains)) {
      throw new Rejected("oidc: expected audience " + config.audiences + " got " + aud);
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null || now.isAfter(exp.toInstant())) {
      throw new Rejected("oidc: token is expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().isAfter(now.plus(NBF_LEEWAY))) {
      throw new Rejected("oidc: current time before the nbf (not before) time");
    }
    Map<String, Object> all = claims.getClaims();
    Object username = all.get(config.usernameClaim);
    if (!(username instanceof String)) {
      throw new Rejected("oidc: parse username claims \"" + config.usernameClaim + "\"");
    }
    if (config.usernameClaim.equals("email") && all.containsKey("email_verified")) {
      Object verified = all.get("email_verified");
      if (!(verified instanceof Boolean)) {
        throw new Rejected("oidc: parse 'email_verified' claim");
      }
      if (!((Boolean) verified)) {
        throw new Rejected("oidc: email not verified");
      }
    }
    List<String> groups = new ArrayList<>();
    if (config.groupsClaim != null && all.containsKey(config.groupsClaim)) {
      Object g = all.get(config.groupsClaim);
      if (g instanceof String) {
        groups.add(config.groupsPrefix + g);
      } else if (g instanceof List) {
        for (Object item : (List<?>) g) {
          if (!(item instanceof String)) {
            throw new Rejected("oidc: parse groups claim \"" + config.groupsClaim + "\"");
          }
          groups.add(config.groupsPrefix + item);
        }
      } else {
        throw new Rejected("oidc: parse groups claim \"" + config.groupsClaim + "\"");
      }
    }
    for (Map.Entry<String, String> required : config.requiredClaims.entrySet()) {
      Object v = all.get(required.getKey());
      if (!(v instanceof String) || !v.equals(required.getValue())) {
        throw new Rejected(
            "oidc: required claim "
                + required.getKey()
                + " not present or not equal to the required value");
      }
    }
    return Optional.of(new UserInfo(config.effectiveUsernamePrefix() + username, groups));
  }

  private boolean verify(SignedJWT jwt, boolean refetch) throws Rejected {
    JWKSet set = keys(refetch);
    String kid = jwt.getHeader().getKeyID();
    for (JWK jwk : set.getKeys()) {
      if (kid != null && jwk.getKeyID() != null && !kid.equals(jwk.getKeyID())) {
        continue;
      }
      if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
        continue;
      }
      try {
        Key key = publicKey(jwk);
        if (key == null) {
          continue;
        }
        JWSVerifier verifier =
            new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), key);
        if (jwt.verify(verifier)) {
          return true;
        }
      } catch (JOSEException e) {
        // Key of another type; try the next one.
      }
    }
    return false;
  }

  private static Key publicKey(JWK jwk) throws JOSEException {
    switch (jwk.getKeyType().getValue()) {
      case "RSA":
        return jwk.toRSAKey().toPublicKey();
      case "EC":
        return jwk.toECKey().toPublicKey();
      default:
        return null;
    }
  }

  private JWKSet keys(boolean refetch) throws Rejected {
    JWKSet k = keys;
    if (k != null && !refetch) {
      return k;
    }
    JsonObject discovery =
        getJson(config.issuerUrl.replaceAll("/$", "") + "/.well-known/openid-configuration");
    JsonElement issuer = discovery.get("issuer");
    if (issuer == null || !issuer.getAsString().equals(config.issuerUrl)) {
      throw new Rejected("oidc: issuer did not match the issuer returned by provider");
    }
    JsonElement jwksUri = discovery.get("jwks_uri");
    if (jwksUri == null) {
      throw new Rejected("oidc: discovery document has no jwks_uri");
    }
    try {
      k = JWKSet.parse(getJson(jwksUri.getAsString()).toString());
    } catch (ParseException e) {
      throw new Rejected("oidc: malformed JWKS: " + e.getMessage());
    }
    keys = k;
    return k;
  }

  private JsonObject getJson(String url) throws Rejected {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Accept", "application/json")
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new Rejected("oidc: GET " + url + ": HTTP " + r.statusCode());
      }
      return JsonParser.parseString(r.body()).getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      throw new Rejected("oidc: GET " + url + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Rejected("oidc: interrupted");
    }
  }
}
