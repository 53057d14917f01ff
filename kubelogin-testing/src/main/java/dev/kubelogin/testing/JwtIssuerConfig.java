package dev.kubelogin.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One trusted JWT issuer of a {@link FakeKubeApiServer}, with kube-apiserver's legacy {@code
 * --oidc-*} flag semantics. Immutable.
 */
public final class JwtIssuerConfig {
  final String issuerUrl;
  final List<String> audiences;
  final String usernameClaim;
  final String usernamePrefix;
  final String groupsClaim;
  final String groupsPrefix;
  final Map<String, String> requiredClaims;
  final List<String> signingAlgorithms;
  final String certificateAuthority;

  private JwtIssuerConfig(Builder b) {
    this.issuerUrl = b.issuerUrl;
    this.audiences = List.copyOf(b.audiences);
    this.usernameClaim = b.usernameClaim;
    this.usernamePrefix = b.usernamePrefix;
    this.groupsClaim = b.groupsClaim;
    this.groupsPrefix = b.groupsPrefix;
    this.requiredClaims = Map.copyOf(b.requiredClaims);
    this.signingAlgorithms = List.copyOf(b.signingAlgorithms);
    this.certificateAuthority = b.certificateAuthority;
  }

  /**
   * Returns a builder for tokens of {@code issuerUrl} (matched exactly, trailing slash included)
   * for {@code clientId} (the audience), like {@code --oidc-issuer-url} and {@code
   * --oidc-client-id}.
   */
  public static Builder builder(String issuerUrl, String clientId) {
    return new Builder(issuerUrl, clientId);
  }

  /**
   * The username prefix kube-apiserver applies: {@code --oidc-username-prefix} unset means {@code
   * <issuer>#} unless the claim is {@code email}; {@code "-"} means none.
   */
  String effectiveUsernamePrefix() {
    if (usernamePrefix == null || usernamePrefix.isEmpty()) {
      return usernameClaim.equals("email") ? "" : issuerUrl + "#";
    }
    return usernamePrefix.equals("-") ? "" : usernamePrefix;
  }

  /** Builds a {@link JwtIssuerConfig}. Not thread-safe. */
  public static final class Builder {
    private final String issuerUrl;
    private final List<String> audiences = new ArrayList<>();
    private String usernameClaim = "sub";
    private String usernamePrefix;
    private String groupsClaim;
    private String groupsPrefix = "";
    private final Map<String, String> requiredClaims = new LinkedHashMap<>();
    private final List<String> signingAlgorithms = new ArrayList<>(List.of("RS256"));
    private String certificateAuthority;

    private Builder(String issuerUrl, String clientId) {
      this.issuerUrl = Objects.requireNonNull(issuerUrl, "issuerUrl");
      this.audiences.add(Objects.requireNonNull(clientId, "clientId"));
    }

    /** Also accepts this audience (structured configuration's audiences, MatchAny). */
    public Builder audience(String audience) {
      audiences.add(audience);
      return this;
    }

    /** {@code --oidc-username-claim}; {@code sub} by default. */
    public Builder usernameClaim(String claim) {
      this.usernameClaim = Objects.requireNonNull(claim);
      return this;
    }

    /** {@code --oidc-username-prefix}; unset by default (see kube-apiserver's rules). */
    public Builder usernamePrefix(String prefix) {
      this.usernamePrefix = prefix;
      return this;
    }

    /** {@code --oidc-groups-claim}; none by default. */
    public Builder groupsClaim(String claim) {
      this.groupsClaim = claim;
      return this;
    }

    /** {@code --oidc-groups-prefix}; empty by default. */
    public Builder groupsPrefix(String prefix) {
      this.groupsPrefix = prefix == null ? "" : prefix;
      return this;
    }

    /** {@code --oidc-required-claim key=value}: the claim must be this string. */
    public Builder requiredClaim(String claim, String value) {
      requiredClaims.put(claim, value);
      return this;
    }

    /** {@code --oidc-signing-algs}; RS256 by default. */
    public Builder signingAlgorithms(List<String> algorithms) {
      signingAlgorithms.clear();
      signingAlgorithms.addAll(algorithms);
      return this;
    }

    /**
     * {@code --oidc-ca-file}'s content: the PEM that the provider's certificate must chain to; the
     * JVM's trusted roots by default.
     */
    public Builder certificateAuthority(String pem) {
      this.certificateAuthority = pem;
      return this;
    }

    /** Returns the configuration. */
    public JwtIssuerConfig build() {
      return new JwtIssuerConfig(this);
    }
  }
}
