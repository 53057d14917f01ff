package dev.kubelogin.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.SignedJWT;
import dev.cel.runtime.CelEvaluationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * kube-apiserver's JWT authenticator (plugin/pkg/authenticator/token/oidc) for one issuer, in the
 * order the real one checks: routing by the untrusted {@code iss}, discovery (at {@code
 * discoveryURL} when set, trusting the issuer's certificate authority when given), signature and
 * algorithm, {@code iss}, audiences (any), {@code exp} (required, no leeway), {@code nbf} (one
 * minute of leeway); then username, groups, uid and extra (claims or CEL), the credential id from
 * {@code jti}, required claims, claim validation rules and user validation rules.
 */
final class JwtAuthenticator {
  private static final Duration NBF_LEEWAY = Duration.ofMinutes(1);
  static final String CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

  /** The token was for this issuer and is invalid. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String reason) {
      super(reason);
    }
  }

  private final JwtRules rules;
  private final HttpClient http;
  private final Clock clock;
  private volatile JWKSet keys;

  JwtAuthenticator(JwtRules rules, HttpClient http, Clock clock) {
    this.rules = rules;
    this.http = rules.certificateAuthority == null ? http : trusting(rules.certificateAuthority);
    this.clock = clock;
  }

  private static HttpClient trusting(String pem) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))) {
        store.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("certificateAuthority: " + e.getMessage(), e);
    }
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
    if (!iss.equals(rules.issuerUrl)) {
      return Optional.empty();
    }
    SignedJWT jwt;
    JsonObject claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = JsonParser.parseString(jwt.getPayload().toString()).getAsJsonObject();
    } catch (ParseException | RuntimeException e) {
      throw new Rejected("oidc: verify token: oidc: malformed jwt: " + e.getMessage());
    }
    verify(jwt, claims);

    String username = username(claims);
    List<String> groups = groups(claims);
    String uid = uid(claims);
    Map<String, List<String>> extra = extra(claims);
    for (Map.Entry<String, String> required : rules.requiredClaims.entrySet()) {
      JsonElement v = claims.get(required.getKey());
      if (v == null) {
        throw new Rejected(
            "oidc: required claim " + required.getKey() + " not present in ID token");
      }
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw new Rejected("oidc: parse claim " + required.getKey() + ": not a string");
      }
      if (!v.getAsString().equals(required.getValue())) {
        throw new Rejected(
            "oidc: required claim "
                + required.getKey()
                + " value does not match. Got = "
                + v.getAsString()
                + ", want = "
                + required.getValue());
      }
    }
    Map<String, Object> claimsValue = null;
    if (!rules.claimValidationRules.isEmpty()) {
      claimsValue = toCel(claims);
      validate(
          rules.claimValidationRules,
          Map.of("claims", claimsValue),
          "oidc: error evaluating claim validation expression: ");
    }
    UserInfo user = new UserInfo(username, uid, groups, extra);
    if (!rules.userValidationRules.isEmpty()) {
      Map<String, Object> u = new LinkedHashMap<>();
      u.put("username", username);
      if (!uid.isEmpty()) {
        u.put("uid", uid);
      }
      if (!groups.isEmpty()) {
        u.put("groups", groups);
      }
      if (!extra.isEmpty()) {
        u.put("extra", extra);
      }
      validate(
          rules.userValidationRules,
          Map.of("user", u),
          "oidc: error evaluating user info validation rule: ");
    }
    return Optional.of(user);
  }

  /** go-oidc's Verify and the audience check, with go-oidc's messages. */
  private void verify(SignedJWT jwt, JsonObject claims) throws Rejected {
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!rules.algorithms.contains(alg.getName())) {
      throw new Rejected(
          "oidc: verify token: oidc: id token signed with unsupported algorithm, expected "
              + rules.algorithms
              + " got \""
              + alg.getName()
              + "\"");
    }
    if (!verifySignature(jwt, false) && !verifySignature(jwt, true)) {
      throw new Rejected(
          "oidc: verify token: failed to verify signature: oidc: failed to verify signature");
    }
    if (!rules.issuerUrl.equals(string(claims, "iss"))) {
      throw new Rejected("oidc: verify token: oidc: id token issued by a different provider");
    }
    List<String> aud = new ArrayList<>();
    JsonElement a = claims.get("aud");
    if (a != null && a.isJsonArray()) {
      a.getAsJsonArray().forEach(e -> aud.add(e.isJsonPrimitive() ? e.getAsString() : ""));
    } else if (a != null && a.isJsonPrimitive()) {
      aud.add(a.getAsString());
    }
    if (aud.stream().noneMatch(rules.audiences::contains)) {
      throw new Rejected(
          "oidc: verify token: oidc: expected audience in " + rules.audiences + " got " + aud);
    }
    Instant now = clock.instant();
    Instant exp = instant(claims, "exp");
    if (exp == null || now.isAfter(exp)) {
      throw new Rejected(
          "oidc: verify token: oidc: token is expired (Token Expiry: " + goTime(exp) + ")");
    }
    Instant nbf = instant(claims, "nbf");
    if (nbf != null && nbf.isAfter(now.plus(NBF_LEEWAY))) {
      throw new Rejected(
          "oidc: verify token: oidc: current time "
              + now
              + " before the nbf (not before) time: "
              + nbf);
    }
  }

  private String username(JsonObject claims) throws Rejected {
    JwtRules.Mapping m = rules.username;
    if (m.expression != null) {
      Object v =
          evaluate(m.expression, claims, "oidc: error evaluating username claim expression: ");
      if (!(v instanceof String)) {
        throw new Rejected(
            "oidc: error evaluating username claim expression: username claim expression must"
                + " return a string");
      }
      if (((String) v).isEmpty()) {
        throw new Rejected("oidc: empty username via CEL expression is not allowed");
      }
      return (String) v;
    }
    JsonElement v = claims.get(m.claim);
    if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw new Rejected(
          "oidc: parse username claims \""
              + m.claim
              + "\": "
              + (v == null ? "claim not present" : "not a string"));
    }
    if (m.claim.equals("email") && claims.has("email_verified")) {
      JsonElement verified = claims.get("email_verified");
      if (!verified.isJsonPrimitive() || !verified.getAsJsonPrimitive().isBoolean()) {
        throw new Rejected("oidc: parse 'email_verified' claim: not a bool");
      }
      if (!verified.getAsBoolean()) {
        throw new Rejected("oidc: email not verified");
      }
    }
    return (m.prefix == null ? "" : m.prefix) + v.getAsString();
  }

  private List<String> groups(JsonObject claims) throws Rejected {
    JwtRules.Mapping m = rules.groups;
    if (m == null) {
      return List.of();
    }
    if (m.claim != null) {
      JsonElement g = claims.get(m.claim);
      if (g == null) {
        return List.of();
      }
      List<String> groups = new ArrayList<>();
      String prefix = m.prefix == null ? "" : m.prefix;
      if (g.isJsonPrimitive() && g.getAsJsonPrimitive().isString()) {
        groups.add(prefix + g.getAsString());
      } else if (g.isJsonArray()) {
        for (JsonElement item : g.getAsJsonArray()) {
          if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
            throw new Rejected("oidc: parse groups claim \"" + m.claim + "\": not a string");
          }
          groups.add(prefix + item.getAsString());
        }
      } else {
        throw new Rejected("oidc: parse groups claim \"" + m.claim + "\": not a string or array");
      }
      return groups;
    }
    String context = "oidc: error evaluating group claim expression: ";
    return stringList(evaluate(m.expression, claims, context), context);
  }

  private String uid(JsonObject claims) throws Rejected {
    JwtRules.Mapping m = rules.uid;
    if (m == null) {
      return "";
    }
    if (m.claim != null) {
      JsonElement v = claims.get(m.claim);
      if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw new Rejected(
            "oidc: parse uid claim \""
                + m.claim
                + "\": "
                + (v == null ? "claim not present" : "not a string"));
      }
      return v.getAsString();
    }
    Object v = evaluate(m.expression, claims, "oidc: error evaluating uid claim expression: ");
    if (!(v instanceof String)) {
      throw new Rejected(
          "oidc: error evaluating uid claim expression: uid claim expression must return a string");
    }
    return (String) v;
  }

  private Map<String, List<String>> extra(JsonObject claims) throws Rejected {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    JsonElement jti = claims.get("jti");
    if (jti != null && jti.isJsonPrimitive() && jti.getAsJsonPrimitive().isString()) {
      extra.put(CREDENTIAL_ID, List.of("JTI=" + jti.getAsString()));
    }
    for (Map.Entry<String, CelExpression> e : rules.extra.entrySet()) {
      String context = "oidc: error evaluating extra claim expression: ";
      List<String> values =
          stringList(
              evaluate(e.getValue(), claims, context), context + e.getValue().source() + ": ");
      if (!values.isEmpty()) {
        extra.put(e.getKey(), values);
      }
    }
    return extra;
  }

  private Object evaluate(CelExpression expression, JsonObject claims, String context)
      throws Rejected {
    try {
      return expression.evaluate(Map.of("claims", toCel(claims)));
    } catch (CelEvaluationException e) {
      throw new Rejected(context + e.getMessage());
    }
  }

  private static void validate(List<JwtRules.Rule> rules, Map<String, ?> variables, String context)
      throws Rejected {
    for (JwtRules.Rule rule : rules) {
      Object v;
      try {
        v = rule.expression.evaluate(variables);
      } catch (CelEvaluationException e) {
        throw new Rejected(context + e.getMessage());
      }
      if (!(v instanceof Boolean)) {
        throw new Rejected(context + "validation expression must return a boolean");
      }
      if (!(Boolean) v) {
        throw new Rejected(
            context
                + "validation expression '"
                + rule.expression.source()
                + "' failed: "
                + rule.message);
      }
    }
  }

  /** kube-apiserver's convertCELValueToStringList: "", [] and null are none; "" items dropped. */
  private static List<String> stringList(Object v, String context) throws Rejected {
    if (v instanceof String) {
      return ((String) v).isEmpty() ? List.of() : List.of((String) v);
    }
    if (v instanceof List) {
      List<String> out = new ArrayList<>();
      for (Object item : (List<?>) v) {
        if (!(item instanceof String)) {
          throw new Rejected(context + "expression must return a string or a list of strings");
        }
        if (!((String) item).isEmpty()) {
          out.add((String) item);
        }
      }
      return out;
    }
    if (v instanceof com.google.protobuf.NullValue) {
      return List.of();
    }
    throw new Rejected(context + "expression must return a string or a list of strings");
  }

  /** JSON claims as CEL values: integral numbers are int, others double, as unstructured JSON. */
  static Map<String, Object> toCel(JsonObject o) {
    Map<String, Object> map = new LinkedHashMap<>();
    o.entrySet().forEach(e -> map.put(e.getKey(), toCel(e.getValue())));
    return map;
  }

  private static Object toCel(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return com.google.protobuf.NullValue.NULL_VALUE;
    }
    if (e.isJsonObject()) {
      return toCel(e.getAsJsonObject());
    }
    if (e.isJsonArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonElement item : (JsonArray) e) {
        list.add(toCel(item));
      }
      return list;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isNumber()) {
      BigDecimal d = p.getAsBigDecimal();
      try {
        return d.longValueExact();
      } catch (ArithmeticException notIntegral) {
        return d.doubleValue();
      }
    }
    return p.getAsString();
  }

  /** Go's {@code time.Time} {@code %v} in UTC; a missing time is Go's zero time. */
  private static String goTime(Instant t) {
    return t == null
        ? "0001-01-01 00:00:00 +0000 UTC"
        : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC)
                .format(t)
            + " +0000 UTC";
  }

  private static String string(JsonObject claims, String name) {
    JsonElement v = claims.get(name);
    return v != null && v.isJsonPrimitive() ? v.getAsString() : null;
  }

  private static Instant instant(JsonObject claims, String name) {
    JsonElement v = claims.get(name);
    if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
      return null;
    }
    return Instant.ofEpochSecond(v.getAsBigDecimal().longValue());
  }

  private boolean verifySignature(SignedJWT jwt, boolean refetch) throws Rejected {
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
    JsonObject discovery = getJson(rules.discoveryDocumentUrl());
    JsonElement issuer = discovery.get("issuer");
    if (issuer == null || !issuer.getAsString().equals(rules.issuerUrl)) {
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
