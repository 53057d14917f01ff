package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 8693 as the token endpoint sees it: the exchange request, its own cache entry per audience,
 * and a subject token the provider no longer accepts.
 */
class TokenExchangeTest {
  private static final Instant NOW = Instant.now();
  @TempDir Path home;
  private ScriptedIdp idp;

  @BeforeEach
  void start() throws Exception {
    idp = new ScriptedIdp();
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private GetTokenOptions options(String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--oidc-issuer-url=" + idp.issuer,
                "--oidc-client-id=kubernetes",
                "--grant-type=password",
                "--username=alice",
                "--password=pw"));
    args.addAll(List.of(flags));
    return GetTokenOptions.parse(args);
  }

  private OidcTokenProvider provider(GetTokenOptions options) {
    return OidcTokenProvider.builder(options)
        .interactive(false)
        .environment(Map.of())
        .home(home)
        .cacheDirectory(home.resolve("cache"))
        .build();
  }

  private String exchangedFor(String audience) {
    return ScriptedIdp.sign(
        idp.claims(audience, NOW, NOW.plus(Duration.ofMinutes(30))).build(), ScriptedIdp.KEY);
  }

  private void answerExchange(String token) {
    idp.answerToken(
        200,
        "{\"access_token\":\""
            + token
            + "\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
            + "\"token_type\":\"Bearer\",\"expires_in\":1800}");
  }

  @Test
  void exchange_requestAndItsOwnCacheEntry() {
    String login = idp.idToken(NOW, NOW.plus(Duration.ofHours(1)));
    idp.answerTokens(login, "rt");
    String forA = exchangedFor("cluster-a");
    answerExchange(forA);
    GetTokenOptions options =
        options(
            "--oidc-token-exchange-audience=cluster-a",
            "--oidc-token-exchange-scope=openid cluster");

    assertThat(provider(options).token().value()).isEqualTo(forA);

    Map<String, String> exchange = idp.form(idp.tokenRequests.get(1));
    assertThat(exchange)
        .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
        .containsEntry("subject_token", login)
        .containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:id_token")
        .containsEntry("requested_token_type", "urn:ietf:params:oauth:token-type:access_token")
        .containsEntry("audience", "cluster-a")
        .containsEntry("scope", "openid cluster")
        .containsEntry("client_id", "kubernetes");

    // another process: both entries are on disk, nothing more is asked
    assertThat(provider(options).token().value()).isEqualTo(forA);
    assertThat(idp.tokenRequests).hasSize(2);

    // another audience: its own exchange from the same cached login
    String forB = exchangedFor("cluster-b");
    answerExchange(forB);
    assertThat(provider(options("--oidc-token-exchange-audience=cluster-b")).token().value())
        .isEqualTo(forB);
    assertThat(idp.tokenRequests).hasSize(3);
    assertThat(idp.form(idp.tokenRequests.get(2))).containsEntry("audience", "cluster-b");
  }

  @Test
  void subjectTokenRefused_loginRefreshedThenExchangedAgain() {
    idp.answerTokens(idp.idToken(NOW, NOW.plus(Duration.ofHours(1))), "rt");
    idp.answerToken(400, "{\"error\":\"invalid_grant\",\"error_description\":\"revoked\"}");
    String refreshed = idp.idToken(NOW, NOW.plus(Duration.ofHours(1)));
    idp.answerTokens(refreshed, "rt2");
    String forA = exchangedFor("cluster-a");
    answerExchange(forA);

    assertThat(provider(options("--oidc-token-exchange-audience=cluster-a")).token().value())
        .isEqualTo(forA);

    assertThat(idp.tokenRequests).hasSize(4);
    assertThat(idp.form(idp.tokenRequests.get(2))).containsEntry("grant_type", "refresh_token");
    assertThat(idp.form(idp.tokenRequests.get(3))).containsEntry("subject_token", refreshed);
  }

  @Test
  void flagRules_clearErrors() {
    assertThatThrownBy(() -> options("--oidc-token-exchange-requested-token-type=id_token"))
        .hasMessageContaining("need --oidc-token-exchange-audience");
    assertThatThrownBy(
            () ->
                options(
                    "--oidc-token-exchange-audience=a",
                    "--oidc-token-exchange-requested-token-type=saml2"))
        .hasMessageContaining("must be access_token or id_token");
  }
}
