package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.interactive.Browser;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.oidc.cache.CachedTokens;
import dev.kubelogin.testing.TestIdentityProviderExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every grant against mock-oauth2-server, a real OIDC provider implementation. */
class OidcAuthenticatorTest {
  @RegisterExtension
  static final TestIdentityProviderExtension provider = TestIdentityProviderExtension.create();

  private static String issuer() {
    return provider.get().issuerUrl();
  }

  /** Plays the browser: follows the provider's redirects back to the loopback server. */
  static final class FollowingBrowser implements Browser {
    final List<HttpResponse<String>> pages = new ArrayList<>();
    final List<String> opened = new ArrayList<>();

    @Override
    public void open(String url) {
      opened.add(url);
      try {
        HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        pages.add(
            http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static OidcAuthenticator authenticator(Browser browser, String... flags) {
    List<String> args = new ArrayList<>();
    args.add("--oidc-issuer-url=" + issuer());
    args.add("--oidc-client-id=kubernetes");
    args.add("--listen-address=127.0.0.1:0");
    args.addAll(List.of(flags));
    return OidcAuthenticator.builder(GetTokenOptions.parse(args))
        .browser(browser)
        .console(UserConsole.nonInteractive())
        .environment(Map.of())
        .build();
  }

  private static JWTClaimsSet claims(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getJWTClaimsSet();
  }

  @Test
  void login_authcode_pkceAndNonceThroughTheLoopback() throws Exception {
    FollowingBrowser browser = new FollowingBrowser();

    CachedTokens tokens = authenticator(browser).login();

    assertThat(browser.pages)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.statusCode()).isEqualTo(200);
              assertThat(p.body()).contains("Authenticated");
            });
    String url = browser.opened.get(0);
    assertThat(url)
        .startsWith(
            issuer() + "/authorize?client_id=kubernetes&redirect_uri=http%3A%2F%2Flocalhost%3A")
        .contains("&response_type=code&scope=openid&state=")
        .contains("&access_type=offline&nonce=")
        .contains("&code_challenge_method=S256");
    assertThat(claims(tokens.idToken()).getAudience()).containsExactly("kubernetes");
    assertThat(claims(tokens.idToken()).getIssuer()).isEqualTo(issuer());
    assertThat(tokens.refreshToken()).isPresent();
  }

  @Test
  void login_password_verifiedIdToken() throws Exception {
    CachedTokens tokens = authenticator(url -> {}, "--username=alice", "--password=secret").login();

    assertThat(claims(tokens.idToken()).getSubject()).isEqualTo("alice");
  }

  @Test
  void refresh_afterAuthcode_newVerifiedIdToken() throws Exception {
    OidcAuthenticator auth = authenticator(new FollowingBrowser());
    CachedTokens first = auth.login();

    CachedTokens second = auth.refresh(first.refreshToken().orElseThrow());

    assertThat(second.idToken()).isNotEqualTo(first.idToken());
    assertThat(claims(second.idToken()).getSubject())
        .isEqualTo(claims(first.idToken()).getSubject());
    assertThat(second.refreshToken()).isPresent();
  }

  @Test
  void login_clientCredentials_accessTokenMode() throws Exception {
    CachedTokens tokens =
        authenticator(
                url -> {},
                "--grant-type=client-credentials",
                "--oidc-client-secret=s3cr3t",
                "--oidc-use-access-token")
            .login();

    assertThat(claims(tokens.idToken()).getIssuer()).isEqualTo(issuer());
  }

  @Test
  void login_nonInteractive_authcodeRefusedBeforeAnyNetwork() {
    OidcAuthenticator auth =
        OidcAuthenticator.builder(
                GetTokenOptions.parse(
                    List.of("--oidc-issuer-url=http://127.0.0.1:9/none", "--oidc-client-id=k")))
            .interactive(false)
            .environment(Map.of())
            .build();

    assertThatThrownBy(auth::login)
        .isInstanceOf(InteractionRequiredException.class)
        .hasMessageStartingWith("login required: the authcode grant");
  }
}
