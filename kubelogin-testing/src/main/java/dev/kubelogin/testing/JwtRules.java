package dev.kubelogin.testing;

import java.util.List;
import java.util.Map;

/**
 * One JWT authenticator as kube-apiserver holds it after loading: from an {@link
 * AuthenticationConfiguration} entry, or from the legacy {@code --oidc-*} flags ({@link
 * JwtIssuerConfig}), which kube-apiserver turns into the same structure. Immutable.
 */
final class JwtRules {
  /** What a configuration file accepts; the flags accept RS256 unless told otherwise. */
  static final List<String> ALL_ALGORITHMS =
      List.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512");

  /** A claim with a prefix (null: none), or an expression. */
  static final class Mapping {
    final String claim;
    final String prefix;
    final CelExpression expression;

    Mapping(String claim, String prefix, CelExpression expression) {
      this.claim = claim;
      this.prefix = prefix;
      this.expression = expression;
    }
  }

  /** A validation expression and the message kube-apiserver reports when it is false. */
  static final class Rule {
    final CelExpression expression;
    final String message;

    Rule(CelExpression expression, String message) {
      this.expression = expression;
      this.message = message;
    }
  }

  final String issuerUrl;
  final String discoveryUrl;
  final String certificateAuthority;
  final List<String> audiences;
  final List<String> algorithms;
  final Mapping username;
  final Mapping groups;
  final Mapping uid;
  final Map<String, CelExpression> extra;
  final Map<String, String> requiredClaims;
  final List<Rule> claimValidationRules;
  final List<Rule> userValidationRules;

  JwtRules(
      String issuerUrl,
      String discoveryUrl,
      String certificateAuthority,
      List<String> audiences,
      List<String> algorithms,
      Mapping username,
      Mapping groups,
      Mapping uid,
      Map<String, CelExpression> extra,
      Map<String, String> requiredClaims,
      List<Rule> claimValidationRules,
      List<Rule> userValidationRules) {
    this.issuerUrl = issuerUrl;
    this.discoveryUrl = discoveryUrl;
    this.certificateAuthority = certificateAuthority;
    this.audiences = List.copyOf(audiences);
    this.algorithms = List.copyOf(algorithms);
    this.username = username;
    this.groups = groups;
    this.uid = uid;
    this.extra = extra;
    this.requiredClaims = requiredClaims;
    this.claimValidationRules = List.copyOf(claimValidationRules);
    this.userValidationRules = List.copyOf(userValidationRules);
  }

  /** The flags' authenticator: kube-apiserver's conversion of {@code --oidc-*}. */
  static JwtRules fromFlags(JwtIssuerConfig c) {
    String prefix = c.effectiveUsernamePrefix();
    return new JwtRules(
        c.issuerUrl,
        null,
        c.certificateAuthority,
        c.audiences,
        c.signingAlgorithms,
        new Mapping(c.usernameClaim, prefix, null),
        c.groupsClaim == null ? null : new Mapping(c.groupsClaim, c.groupsPrefix, null),
        null,
        Map.of(),
        c.requiredClaims,
        List.of(),
        List.of());
  }

  /**
   * Where discovery is read: {@code discoveryURL}, else {@code
   * <url>/.well-known/openid-configuration}.
   */
  String discoveryDocumentUrl() {
    return discoveryUrl != null
        ? discoveryUrl
        : issuerUrl.replaceAll("/$", "") + "/.well-known/openid-configuration";
  }
}
