package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --oidc-authorization-url}, {@code --oidc-token-url}, {@code
 * --oidc-device-authorization-url} and {@code --oidc-jwks-url} against a provider whose discovery
 * document lacks endpoints (GitLab lists no device endpoint, int128 #1584) or names wrong ones — a
 * scripted provider, since no real one can be made to lie on demand.
 */
class EndpointOverridesTest {
  private static final Instant NOW = Instant.now();
  private ScriptedIdp idp;
  private final List<String> opened = new ArrayList<>();
  private final RecordingConsole console = new RecordingConsole();

  @BeforeEach
  void start() throws Exception {
    idp = new ScriptedIdp();
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  /** A discovery document with only the issuer and what {@code members} add. */
  private void discovery(String members) {
    idp.discoveryBody = "{\"issuer\":\"" + idp.issuer + "\"" + members + "}";
  }

  private OidcAuthenticator authenticator(String... flags) {
    List<String> args =
        new ArrayList<>(List.of("--oidc-issuer-url=" + idp.issuer, "--oidc-client-id=kubernetes"));
    args.addAll(List.of(flags));
    return OidcAuthenticator.builder(GetTokenOptions.parse(args))
        .environment(Map.of())
        .browser(opened::add)
        .console(console)
        .sleeper(d -> {})
        .build();
  }

  private void deviceAnswer() {
    idp.deviceAnswers.add(
        ScriptedIdp.json(
            200,
            "{\"device_code\":\"dc\",\"user_code\":\"ABCD-EFGH\","
                + "\"verification_uri\":\"https://idp/device\",\"interval\":1}"));
  }

  @Test
  void deviceCode_discoveryListsNoDeviceEndpoint_theFlagSaysWhereItIs() {
    discovery(
        ",\"token_endpoint\":\""
            + idp.issuer
            + "/token\",\"jwks_uri\":\""
            + idp.issuer
            + "/certs\"");

    assertThatThrownBy(() -> authenticator("--grant-type=device-code").login())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("advertises no device_authorization_endpoint")
        .hasMessageContaining("--oidc-device-authorization-url");

    deviceAnswer();
    String id = idp.idToken(NOW, NOW.plus(Duration.ofHours(1)));
    idp.answerTokens(id, "rt");
    CachedTokens tokens =
        authenticator(
                "--grant-type=device-code",
                "--oidc-device-authorization-url=" + idp.issuer + "/oauth/device")
            .login();

    assertThat(tokens.idToken()).isEqualTo(id);
    assertThat(idp.paths).contains("/realms/k/oauth/device");
  }

  @Test
  void password_discoveryNamesWrongTokenAndJwksEndpoints_theFlagsWin() {
    discovery(
        ",\"token_endpoint\":\"http://127.0.0.1:9/token\",\"jwks_uri\":\"http://127.0.0.1:9/certs\"");
    String id = idp.idToken(NOW, NOW.plus(Duration.ofHours(1)));
    idp.answerTokens(id, null);

    CachedTokens tokens =
        authenticator(
                "--grant-type=password",
                "--username=alice",
                "--password=secret",
                "--oidc-token-url=" + idp.issuer + "/elsewhere/token",
                "--oidc-jwks-url=" + idp.issuer + "/elsewhere/certs")
            .login();

    assertThat(tokens.idToken()).isEqualTo(id);
    assertThat(idp.paths)
        .contains("/realms/k/elsewhere/token", "/realms/k/elsewhere/certs")
        .noneMatch(p -> p.equals("/token") || p.equals("/certs"));
  }

  @Test
  void discoveryWithoutTokenEndpoint_isFineWhenTheFlagGivesIt_elseSaysWhichFlag() {
    discovery(",\"jwks_uri\":\"" + idp.issuer + "/certs\"");

    assertThatThrownBy(
            () ->
                authenticator("--grant-type=password", "--username=alice", "--password=secret")
                    .login())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("lacks token_endpoint; give it with --oidc-token-url");

    idp.answerTokens(idp.idToken(NOW, NOW.plus(Duration.ofHours(1))), null);
    assertThat(
            authenticator(
                    "--grant-type=password",
                    "--username=alice",
                    "--password=secret",
                    "--oidc-token-url=" + idp.issuer + "/token")
                .login()
                .idToken())
        .isNotEmpty();
  }

  @Test
  void authcode_theAuthorizationUrlFlagIsWhereThePersonIsSent() {
    discovery(
        ",\"authorization_endpoint\":\"https://wrong.example/auth\",\"token_endpoint\":\""
            + idp.issuer
            + "/token\",\"jwks_uri\":\""
            + idp.issuer
            + "/certs\"");
    OidcAuthenticator a =
        OidcAuthenticator.builder(
                GetTokenOptions.parse(
                    List.of(
                        "--oidc-issuer-url=" + idp.issuer,
                        "--oidc-client-id=kubernetes",
                        "--grant-type=authcode-keyboard",
                        "--oidc-authorization-url=https://right.example/oauth/authorize")))
            .environment(Map.of())
            .console(console)
            .build();

    assertThatThrownBy(a::login).hasMessageContaining("no prompt expected");
    assertThat(String.join("\n", console.printed))
        .contains("https://right.example/oauth/authorize?")
        .doesNotContain("wrong.example");
  }

  @Test
  void aFlagThatIsNotAnHttpUrlIsRefusedWhenParsed() {
    assertThatThrownBy(
            () ->
                GetTokenOptions.parse(
                    List.of(
                        "--oidc-issuer-url=https://idp.example",
                        "--oidc-client-id=c",
                        "--oidc-token-url=ftp://idp.example/token")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(
            "get-token: --oidc-token-url must be an absolute http or https URL, not"
                + " \"ftp://idp.example/token\"");
  }

  @Test
  void overridesAreNotPartOfTheCacheKey() {
    List<String> base = List.of("--oidc-issuer-url=https://idp.example", "--oidc-client-id=c");
    List<String> withOverride = new ArrayList<>(base);
    withOverride.add("--oidc-token-url=https://idp.example/other/token");
    Path home = Path.of("/home/u");

    assertThat(GetTokenOptions.parse(withOverride).cacheKey(home).fileName())
        .isEqualTo(GetTokenOptions.parse(base).cacheKey(home).fileName());
  }
}
