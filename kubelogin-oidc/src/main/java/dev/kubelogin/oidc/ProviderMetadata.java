package dev.kubelogin.oidc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.kubelogin.core.AuthenticationFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An OpenID provider's discovery document, the fields this library uses. Immutable.
 *
 * @see Discovery
 */
final class ProviderMetadata {
  private final String issuer;
  private final String authorizationEndpoint;
  private final String tokenEndpoint;
  private final String deviceAuthorizationEndpoint;
  private final String jwksUri;
  private final List<String> signingAlgorithms;
  private final List<String> codeChallengeMethods;
  private final List<String> scopesSupported;
  private final List<String> dpopSigningAlgorithms;

  private ProviderMetadata(
      String issuer,
      String authorizationEndpoint,
      String tokenEndpoint,
      String deviceAuthorizationEndpoint,
      String jwksUri,
      List<String> signingAlgorithms,
      List<String> codeChallengeMethods,
      List<String> scopesSupported,
      List<String> dpopSigningAlgorithms) {
    this.issuer = issuer;
    this.authorizationEndpoint = authorizationEndpoint;
    this.tokenEndpoint = tokenEndpoint;
    this.deviceAuthorizationEndpoint = deviceAuthorizationEndpoint;
    this.jwksUri = jwksUri;
    this.signingAlgorithms = List.copyOf(signingAlgorithms);
    this.codeChallengeMethods = List.copyOf(codeChallengeMethods);
    this.scopesSupported = List.copyOf(scopesSupported);
    this.dpopSigningAlgorithms = List.copyOf(dpopSigningAlgorithms);
  }

  /**
   * Reads a discovery document and checks that its {@code issuer} is exactly {@code expectedIssuer}
   * (a trailing slash matters, as in go-oidc and kube-apiserver).
   *
   * @throws AuthenticationFailedException if the document is not JSON, lacks {@code issuer}, {@code
   *     token_endpoint} or {@code jwks_uri}, or names another issuer
   */
  static ProviderMetadata parse(String json, String expectedIssuer) {
    return parse(json, expectedIssuer, Overrides.NONE);
  }

  /**
   * Endpoints given by the user ({@code --oidc-token-url} and the like) that replace what discovery
   * says, or fill in what it lacks; null members leave discovery's value.
   */
  record Overrides(String authorization, String token, String device, String jwks) {
    static final Overrides NONE = new Overrides(null, null, null, null);

    static Overrides of(GetTokenOptions o) {
      return new Overrides(
          o.authorizationUrl().orElse(null),
          o.tokenUrl().orElse(null),
          o.deviceAuthorizationUrl().orElse(null),
          o.jwksUrl().orElse(null));
    }

    private static String or(String given, String discovered) {
      return given != null ? given : discovered;
    }
  }

  /**
   * As {@link #parse(String, String)}, with {@code overrides} applied before the required endpoints
   * are checked: a document without {@code token_endpoint} is fine when one is given.
   */
  static ProviderMetadata parse(String json, String expectedIssuer, Overrides overrides) {
    JsonObject o = JsonMembers.object(json);
    if (o == null) {
      throw new AuthenticationFailedException(
          "oidc discovery error: the discovery document of "
              + expectedIssuer
              + " is not a JSON object");
    }
    String issuer = JsonMembers.string(o, "issuer");
    if (issuer == null) {
      throw new AuthenticationFailedException(
          "oidc discovery error: the discovery document has no issuer");
    }
    if (!issuer.equals(expectedIssuer)) {
      throw new AuthenticationFailedException(
          "oidc discovery error: issuer did not match the issuer returned by provider, expected \""
              + expectedIssuer
              + "\" got \""
              + issuer
              + "\"");
    }
    String token = Overrides.or(overrides.token(), JsonMembers.string(o, "token_endpoint"));
    String jwks = Overrides.or(overrides.jwks(), JsonMembers.string(o, "jwks_uri"));
    if (token == null || jwks == null) {
      throw new AuthenticationFailedException(
          "oidc discovery error: the discovery document of "
              + issuer
              + " lacks "
              + (token == null
                  ? "token_endpoint; give it with --oidc-token-url"
                  : "jwks_uri; give it with --oidc-jwks-url"));
    }
    List<String> algs = strings(o, "id_token_signing_alg_values_supported");
    return new ProviderMetadata(
        issuer,
        Overrides.or(overrides.authorization(), JsonMembers.string(o, "authorization_endpoint")),
        token,
        Overrides.or(overrides.device(), JsonMembers.string(o, "device_authorization_endpoint")),
        jwks,
        algs.isEmpty() ? List.of("RS256") : algs,
        strings(o, "code_challenge_methods_supported"),
        strings(o, "scopes_supported"),
        strings(o, "dpop_signing_alg_values_supported"));
  }

  private static List<String> strings(JsonObject o, String name) {
    List<String> out = new ArrayList<>();
    JsonElement e = o.get(name);
    if (e != null && e.isJsonArray()) {
      e.getAsJsonArray()
          .forEach(
              x -> {
                if (x.isJsonPrimitive()) {
                  out.add(x.getAsString());
                }
              });
    }
    return out;
  }

  /** {@code issuer}. */
  String issuer() {
    return issuer;
  }

  /** {@code authorization_endpoint}, if advertised. */
  Optional<String> authorizationEndpoint() {
    return Optional.ofNullable(authorizationEndpoint);
  }

  /** {@code token_endpoint}. */
  String tokenEndpoint() {
    return tokenEndpoint;
  }

  /** {@code device_authorization_endpoint}, if advertised. */
  Optional<String> deviceAuthorizationEndpoint() {
    return Optional.ofNullable(deviceAuthorizationEndpoint);
  }

  /** {@code jwks_uri}. */
  String jwksUri() {
    return jwksUri;
  }

  /** {@code id_token_signing_alg_values_supported}; RS256 when absent. */
  List<String> signingAlgorithms() {
    return signingAlgorithms;
  }

  /** {@code scopes_supported}; empty when not listed. */
  /** {@code dpop_signing_alg_values_supported}: empty when the provider does not do DPoP. */
  List<String> dpopSigningAlgorithms() {
    return dpopSigningAlgorithms;
  }

  List<String> scopesSupported() {
    return scopesSupported;
  }

  /** {@code code_challenge_methods_supported}. */
  List<String> codeChallengeMethods() {
    return codeChallengeMethods;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProviderMetadata
        && issuer.equals(((ProviderMetadata) o).issuer)
        && tokenEndpoint.equals(((ProviderMetadata) o).tokenEndpoint)
        && jwksUri.equals(((ProviderMetadata) o).jwksUri);
  }

  @Override
  public int hashCode() {
    return Objects.hash(issuer, tokenEndpoint, jwksUri);
  }

  @Override
  public String toString() {
    return "ProviderMetadata{issuer=" + issuer + "}";
  }
}
