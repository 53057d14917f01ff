package dev.kubelogin.testing;

import static dev.kubelogin.testing.TestExtensionsTest.passwordToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link FakeKubeApiServer} with an {@link AuthenticationConfiguration}: every mapping and rule
 * type, against tokens from a real OpenID provider (mock-oauth2-server over HTTPS), and the
 * configuration errors kube-apiserver reports at start-up.
 */
class AuthenticationConfigurationTest {
  @RegisterExtension
  static final TestIdentityProviderExtension idp =
      TestIdentityProviderExtension.of(
          TestIdentityProvider.builder()
              .https()
              .user("alice", List.of("dev", "ops"))
              .claims(
                  "alice",
                  Map.of("email", "alice@example.test", "email_verified", true, "tenant", "t1"))
              .user("bob", List.of("contractors"))
              .claims(
                  "bob",
                  Map.of("email", "bob@example.test", "email_verified", false, "tenant", "t2")));

  @RegisterExtension
  static final TestIdentityProviderExtension other =
      TestIdentityProviderExtension.of(TestIdentityProvider.builder().https());

  /** An issuer entry for {@code provider}, its CA included, followed by {@code rest}. */
  private static String issuer(TestIdentityProvider provider, String audiences, String rest) {
    return "- issuer:\n"
        + "    url: "
        + provider.issuerUrl()
        + "\n    audiences: "
        + audiences
        + "\n    certificateAuthority: |\n      "
        + provider.certificateAuthorityPem().strip().replace("\n", "\n      ")
        + "\n"
        + rest;
  }

  private static String config(String... issuers) {
    return "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt:\n"
        + String.join("", issuers);
  }

  private static FakeKubeApiServer server(String yaml) {
    return FakeKubeApiServer.builder()
        .authenticationConfiguration(AuthenticationConfiguration.parse(yaml))
        .start();
  }

  private static JsonObject whoami(FakeKubeApiServer api, String token) throws Exception {
    HttpResponse<String> r =
        HttpClient.newBuilder()
            .sslContext(FakeKubeApiServerTest.trusting(api.certificateAuthorityPem()))
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create(api.url() + "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      return null;
    }
    return JsonParser.parseString(r.body())
        .getAsJsonObject()
        .getAsJsonObject("status")
        .getAsJsonObject("userInfo");
  }

  private static String rejection(FakeKubeApiServer api) {
    List<RecordedRequest> rs = api.requests();
    return rs.get(rs.size() - 1).rejection().orElse("");
  }

  private static String alice(String audience) throws Exception {
    return passwordToken(idp.get(), audience, "alice");
  }

  private static String bob(String audience) throws Exception {
    return passwordToken(idp.get(), audience, "bob");
  }

  @Test
  void claimMappings_claimsWithPrefixes_uidAndTheCredentialId() throws Exception {
    String yaml =
        config(
            issuer(
                idp.get(),
                "[kubernetes]",
                "  claimMappings:\n"
                    + "    username: {claim: sub, prefix: 'oidc:'}\n"
                    + "    groups: {claim: groups, prefix: 'oidc:'}\n"
                    + "    uid: {claim: sub}\n"));
    try (FakeKubeApiServer api = server(yaml)) {
      JsonObject user = whoami(api, alice("kubernetes"));

      assertThat(user.get("username").getAsString()).isEqualTo("oidc:alice");
      assertThat(user.get("uid").getAsString()).isEqualTo("alice");
      assertThat(user.get("groups").toString())
          .isEqualTo("[\"oidc:dev\",\"oidc:ops\",\"system:authenticated\"]");
      assertThat(user.getAsJsonObject("extra").get(JwtAuthenticator.CREDENTIAL_ID).toString())
          .startsWith("[\"JTI=");
      assertThat(api.requests().get(0).user().map(UserInfo::withoutExtra))
          .contains(new UserInfo("oidc:alice", "alice", List.of("oidc:dev", "oidc:ops"), Map.of()));
    }
  }

  @Test
  void claimMappings_celExpressions_emailNeedsItsVerifiedRule() throws Exception {
    String yaml =
        config(
            issuer(
                idp.get(),
                "[kubernetes]",
                "  claimValidationRules:\n"
                    + "  - expression: claims.?email_verified.orValue(true) == true\n"
                    + "    message: email not verified\n"
                    + "  claimMappings:\n"
                    + "    username: {expression: 'claims.email'}\n"
                    + "    groups: {expression: \"claims.groups.map(g, 'team:' + g)\"}\n"
                    + "    uid: {expression: \"'uid-' + claims.sub\"}\n"
                    + "    extra:\n"
                    + "    - {key: example.com/tenant, valueExpression: claims.tenant}\n"
                    + "    - {key: example.com/none, valueExpression: \"''\"}\n"));
    try (FakeKubeApiServer api = server(yaml)) {
      JsonObject user = whoami(api, alice("kubernetes"));
      assertThat(user.get("username").getAsString()).isEqualTo("alice@example.test");
      assertThat(user.get("uid").getAsString()).isEqualTo("uid-alice");
      assertThat(user.get("groups").toString())
          .isEqualTo("[\"team:dev\",\"team:ops\",\"system:authenticated\"]");
      assertThat(user.getAsJsonObject("extra").get("example.com/tenant").toString())
          .isEqualTo("[\"t1\"]");
      assertThat(user.getAsJsonObject("extra").has("example.com/none")).isFalse();

      assertThat(whoami(api, bob("kubernetes"))).isNull();
      assertThat(rejection(api))
          .isEqualTo(
              "oidc: error evaluating claim validation expression: validation expression"
                  + " 'claims.?email_verified.orValue(true) == true' failed: email not verified");
    }
  }

  @Test
  void claimValidationRules_requiredValue_asKubeApiServerComparesIt() throws Exception {
    String yaml =
        config(
            issuer(
                idp.get(),
                "[kubernetes]",
                "  claimValidationRules:\n"
                    + "  - {claim: tenant, requiredValue: t1}\n"
                    + "  claimMappings:\n"
                    + "    username: {claim: sub, prefix: ''}\n"));
    try (FakeKubeApiServer api = server(yaml)) {
      assertThat(whoami(api, alice("kubernetes")).get("username").getAsString()).isEqualTo("alice");

      assertThat(whoami(api, bob("kubernetes"))).isNull();
      assertThat(rejection(api))
          .isEqualTo("oidc: required claim tenant value does not match. Got = t2, want = t1");
    }
  }

  @Test
  void userValidationRules_overTheMappedUser() throws Exception {
    String yaml =
        config(
            issuer(
                idp.get(),
                "[kubernetes]",
                "  claimMappings:\n"
                    + "    username: {claim: sub, prefix: ''}\n"
                    + "    groups: {claim: groups, prefix: ''}\n"
                    + "  userValidationRules:\n"
                    + "  - expression: \"!user.username.startsWith('system:')\"\n"
                    + "    message: no system users\n"
                    + "  - expression: \"!('contractors' in user.groups)\"\n"
                    + "    message: contractors use the other cluster\n"));
    try (FakeKubeApiServer api = server(yaml)) {
      assertThat(whoami(api, alice("kubernetes"))).isNotNull();

      assertThat(whoami(api, bob("kubernetes"))).isNull();
      assertThat(rejection(api))
          .isEqualTo(
              "oidc: error evaluating user info validation rule: validation expression"
                  + " '!('contractors' in user.groups)' failed: contractors use the other cluster");
    }
  }

  @Test
  void audiences_matchAny_otherAudienceRefused() throws Exception {
    String yaml =
        config(
            issuer(
                idp.get(),
                "[kubernetes, cluster-b]\n    audienceMatchPolicy: MatchAny",
                "  claimMappings:\n    username: {claim: sub, prefix: ''}\n"));
    try (FakeKubeApiServer api = server(yaml)) {
      assertThat(whoami(api, alice("kubernetes"))).isNotNull();
      assertThat(whoami(api, alice("cluster-b"))).isNotNull();

      assertThat(whoami(api, alice("cluster-c"))).isNull();
      assertThat(rejection(api))
          .isEqualTo(
              "oidc: verify token: oidc: expected audience in [kubernetes, cluster-b] got"
                  + " [cluster-c]");
    }
  }

  @Test
  void severalIssuers_eachWithItsOwnMappings() throws Exception {
    String yaml =
        config(
            issuer(
                idp.get(),
                "[kubernetes]",
                "  claimMappings:\n    username: {claim: sub, prefix: 'corp:'}\n"),
            issuer(
                other.get(),
                "[kubernetes]",
                "  claimMappings:\n    username: {claim: sub, prefix: 'partner:'}\n"));
    try (FakeKubeApiServer api = server(yaml)) {
      assertThat(whoami(api, alice("kubernetes")).get("username").getAsString())
          .isEqualTo("corp:alice");
      assertThat(
              whoami(api, passwordToken(other.get(), "kubernetes", "alice"))
                  .get("username")
                  .getAsString())
          .isEqualTo("partner:alice");
    }
  }

  @Test
  void issuer_discoveryUrlIsWhereDiscoveryIsRead_andItsIssuerMustStillMatch() throws Exception {
    String elsewhere =
        idp.get().issuerUrl().replace("/kubelogin", "/elsewhere")
            + "/.well-known/openid-configuration";
    String yaml =
        config(
            issuer(
                idp.get(),
                "[kubernetes]\n    discoveryURL: " + elsewhere,
                "  claimMappings:\n    username: {claim: sub, prefix: ''}\n"));
    try (FakeKubeApiServer api = server(yaml)) {
      assertThat(whoami(api, alice("kubernetes"))).isNull();
      assertThat(rejection(api))
          .isEqualTo("oidc: issuer did not match the issuer returned by provider");
    }
  }

  @Test
  void issuer_withoutItsCertificateAuthority_providerNotTrusted() throws Exception {
    String yaml =
        config(
            "- issuer:\n    url: "
                + idp.get().issuerUrl()
                + "\n    audiences: [kubernetes]\n"
                + "  claimMappings:\n    username: {claim: sub, prefix: ''}\n");
    try (FakeKubeApiServer api = server(yaml)) {
      assertThat(whoami(api, alice("kubernetes"))).isNull();
      assertThat(rejection(api)).startsWith("oidc: GET " + idp.get().issuerUrl()).contains("PKIX");
    }
  }

  @Test
  void v1beta1_readTheSame() throws Exception {
    String yaml =
        config(
                issuer(
                    idp.get(),
                    "[kubernetes]",
                    "  claimMappings:\n    username: {claim: sub, prefix: ''}\n"))
            .replace("/v1\n", "/v1beta1\n");
    try (FakeKubeApiServer api = server(yaml)) {
      assertThat(whoami(api, alice("kubernetes")).get("username").getAsString()).isEqualTo("alice");
    }
  }

  @Test
  void theProvidersOwnConfiguration_mapsAsItsFlagsDo() throws Exception {
    try (FakeKubeApiServer api = server(idp.get().authenticationConfiguration("kubernetes"))) {
      JsonObject user = whoami(api, alice("kubernetes"));
      assertThat(user.get("username").getAsString()).isEqualTo("alice");
      assertThat(user.get("groups").toString())
          .isEqualTo("[\"dev\",\"ops\",\"system:authenticated\"]");
    }
  }

  // ---- configuration errors, as kube-apiserver reports them at start-up ----

  private static String error(String yaml) {
    return assertThatThrownBy(() -> AuthenticationConfiguration.parse(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .actual()
        .getMessage();
  }

  @Test
  void errors_httpIssuerAndTwoIssuersWithTheSameUrl() {
    String entry =
        "- issuer:\n    url: http://127.0.0.1:9/x\n    audiences: [k]\n"
            + "  claimMappings:\n    username: {claim: sub, prefix: ''}\n";

    assertThat(error(config(entry, entry)))
        .isEqualTo(
            "[jwt[0].issuer.url: Invalid value: \"http://127.0.0.1:9/x\": URL scheme must be https,"
                + " jwt[1].issuer.url: Invalid value: \"http://127.0.0.1:9/x\": URL scheme must be"
                + " https, jwt[1].issuer.url: Duplicate value: \"http://127.0.0.1:9/x\"]");
  }

  @Test
  void errors_badCel_reportedAtItsField() {
    String yaml =
        config(
            "- issuer:\n    url: https://idp.example\n    audiences: [k]\n"
                + "  claimMappings:\n    username: {expression: 'claims.sub +'}\n");

    assertThat(error(yaml))
        .startsWith(
            "jwt[0].claimMappings.username.expression: Invalid value: \"claims.sub +\":"
                + " compilation failed: ");
  }

  @Test
  void errors_validationRuleNotBool_prefixMissing_matchPolicy_reservedExtra_email() {
    assertThat(
            error(
                config(
                    "- issuer:\n    url: https://idp.example\n    audiences: [a, b]\n"
                        + "  claimValidationRules:\n  - expression: \"'not a bool'\"\n"
                        + "  claimMappings:\n    username: {claim: sub}\n"
                        + "    extra:\n    - {key: kubernetes.io/x, valueExpression: claims.sub}\n")))
        .contains(
            "jwt[0].issuer.audienceMatchPolicy: Invalid value: \"\": audienceMatchPolicy must be"
                + " MatchAny for multiple audiences",
            "jwt[0].claimValidationRules[0].expression: Invalid value: \"'not a bool'\":"
                + " compilation failed: must evaluate to bool",
            "jwt[0].claimMappings.username.prefix: Required value: prefix is required when claim"
                + " is set. It can be set to an empty string to disable prefixing",
            "jwt[0].claimMappings.extra[0].key: Invalid value: \"kubernetes.io/x\": k8s.io,"
                + " kubernetes.io and their subdomains are reserved for Kubernetes use");

    assertThat(
            error(
                config(
                    "- issuer:\n    url: https://idp.example\n    audiences: [k]\n"
                        + "  claimMappings:\n    username: {expression: claims.email}\n")))
        .startsWith(
            "jwt[0].claimMappings.username.expression: Invalid value: \"claims.email\":"
                + " claims.email_verified must be used in");
    assertThat(
            error(
                config(
                    "- issuer:\n    url: https://idp.example\n    audiences: [k]\n"
                        + "  claimMappings:\n    username: {expression: claims.email}\n"
                        + "    uid: {expression: \"claims.email_verified ? 'v' : 'n'\"}\n")))
        .as("email_verified counts only in the username, extra and claim validation rules")
        .contains("claims.email_verified must be used in");
  }

  @Test
  void errors_strictDecodingAndUnknownVersion() {
    assertThat(
            error(
                config(
                    "- issuer:\n    url: https://idp.example\n    audiences: [k]\n"
                        + "    audience: k\n")))
        .isEqualTo("strict decoding error: unknown field \"jwt[0].issuer.audience\"");
    assertThat(error("apiVersion: apiserver.config.k8s.io/v2\nkind: AuthenticationConfiguration\n"))
        .isEqualTo(
            "no kind \"AuthenticationConfiguration\" is registered for version"
                + " \"apiserver.config.k8s.io/v2\"");
  }

  @Test
  void flagsAndConfiguration_mutuallyExclusive() {
    FakeKubeApiServer.Builder b =
        FakeKubeApiServer.builder()
            .authenticationConfiguration(
                AuthenticationConfiguration.parse(idp.get().authenticationConfiguration("k")))
            .jwtIssuer(JwtIssuerConfig.builder("https://idp.example", "k").build());

    assertThatThrownBy(b::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("authentication-config file and oidc-* flags are mutually exclusive");
  }
}
