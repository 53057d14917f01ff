package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --oidc-offline-access} and {@code --oidc-auth-request-access-type} (int128 #405, #1063):
 * what is asked of the provider depending on what its discovery lists, and what {@code setup} says
 * about it. Keycloak's real answer (an offline refresh token) is {@link KeycloakIT}'s.
 */
class RefreshTokenPolicyTest {
  private static final Instant NOW = Instant.now();
  private ScriptedIdp idp;

  @BeforeEach
  void start() throws Exception {
    idp = new ScriptedIdp();
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private String scopeSent(String... flags) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--oidc-issuer-url=" + idp.issuer,
                "--oidc-client-id=kubernetes",
                "--grant-type=password",
                "--username=alice",
                "--password=secret"));
    args.addAll(List.of(flags));
    idp.answerTokens(idp.idToken(NOW, NOW.plus(Duration.ofHours(1))), "rt");
    OidcAuthenticator.builder(GetTokenOptions.parse(args)).environment(Map.of()).build().login();
    return idp.form(idp.tokenRequests.get(idp.tokenRequests.size() - 1)).get("scope");
  }

  @Test
  void offlineAccess_requestedWhenDiscoveryListsIt() throws Exception {
    idp.discoveryExtra = ",\"scopes_supported\":[\"openid\",\"offline_access\"]";

    assertThat(scopeSent("--oidc-offline-access")).isEqualTo("openid offline_access");
    assertThat(scopeSent()).isEqualTo("openid");
  }

  @Test
  void offlineAccess_notRequestedWhenDiscoveryListsScopesWithoutIt() throws Exception {
    idp.discoveryExtra = ",\"scopes_supported\":[\"openid\",\"email\"]";

    assertThat(scopeSent("--oidc-offline-access")).isEqualTo("openid");
  }

  @Test
  void offlineAccess_requestedWhenDiscoveryListsNoScopesAtAll() throws Exception {
    assertThat(scopeSent("--oidc-offline-access", "--oidc-extra-scope=email"))
        .isEqualTo("email openid offline_access");
  }

  @Test
  void accessType_offlineByDefault_onlineWhenAsked_andOnlyThose() {
    assertThat(authorizationUrl()).contains("&access_type=offline&");
    assertThat(authorizationUrl("--oidc-auth-request-access-type=online"))
        .contains("&access_type=online&");
    assertThatThrownBy(
            () ->
                GetTokenOptions.parse(
                    List.of(
                        "--oidc-issuer-url=https://idp.example",
                        "--oidc-client-id=c",
                        "--oidc-auth-request-access-type=forever")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("must be offline or online");
  }

  /** The URL a keyboard login shows; the login then stops at the code prompt. */
  private String authorizationUrl(String... flags) {
    RecordingConsole console = new RecordingConsole();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--oidc-issuer-url=" + idp.issuer,
                "--oidc-client-id=kubernetes",
                "--grant-type=authcode-keyboard"));
    args.addAll(List.of(flags));
    OidcAuthenticator a =
        OidcAuthenticator.builder(GetTokenOptions.parse(args))
            .environment(Map.of())
            .console(console)
            .build();
    assertThatThrownBy(a::login).hasMessageContaining("no prompt expected");
    String shown = console.printed.get(0);
    String url = shown.substring(shown.indexOf("http"));
    URI.create(url);
    return url;
  }

  private static ProviderMetadata metadata(String issuer, String scopes) {
    return ProviderMetadata.parse(
        "{\"issuer\":\""
            + issuer
            + "\",\"token_endpoint\":\"https://t\",\"jwks_uri\":\"https://j\""
            + scopes
            + "}",
        issuer);
  }

  @Test
  void setupSaysWhichWayTheProviderIssuesRefreshTokens() {
    GetTokenOptions plain =
        GetTokenOptions.parse(List.of("--oidc-issuer-url=https://idp", "--oidc-client-id=c"));
    CachedTokens withRefresh = new CachedTokens("a.b.c", "rt");
    CachedTokens without = new CachedTokens("a.b.c", null);

    assertThat(
            OidcSetup.refreshTokenAdvice(
                plain,
                metadata("https://keycloak/realms/k", ",\"scopes_supported\":[\"offline_access\"]"),
                without))
        .containsExactly(
            "This login got no refresh token: every expiry means a new login.",
            "The provider lists the offline_access scope: add --oidc-offline-access to ask for a"
                + " refresh token with it.");
    assertThat(
            OidcSetup.refreshTokenAdvice(
                plain,
                metadata("https://accounts.google.com", ",\"scopes_supported\":[\"openid\"]"),
                withRefresh))
        .first()
        .asString()
        .startsWith("This login got a refresh token");
    assertThat(
            OidcSetup.refreshTokenAdvice(
                plain,
                metadata("https://accounts.google.com", ",\"scopes_supported\":[\"openid\"]"),
                withRefresh))
        .anyMatch(l -> l.contains("prompt=consent"))
        .anyMatch(l -> l.contains("does not list the offline_access scope"));
  }
}
