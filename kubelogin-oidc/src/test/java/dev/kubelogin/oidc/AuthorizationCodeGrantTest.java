package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.interactive.Browser;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The loopback server's callbacks: good, forged, refused, repeated, late; over HTTP and HTTPS. */
class AuthorizationCodeGrantTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path dir;
  private ScriptedIdp idp;
  private final List<HttpResponse<String>> pages = new ArrayList<>();
  private HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    idp = new ScriptedIdp();
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  /**
   * A browser that skips the login page and calls the redirect URI with what {@code reply} says.
   */
  private Browser callingBack(String... replies) {
    return url -> {
      Map<String, String> q = LoopbackServer.query(URI.create(url).getRawQuery());
      for (String reply : replies) {
        String query = reply.replace("{state}", q.get("state")).replace("{nonce}", q.get("nonce"));
        if (reply.contains("{token}")) {
          idp.answerTokens(
              ScriptedIdp.sign(
                  idp.claims("kubernetes", NOW, NOW.plusSeconds(300))
                      .claim("nonce", q.get("nonce"))
                      .build(),
                  ScriptedIdp.KEY),
              "rt");
          query = query.replace("{token}", "");
        }
        try {
          pages.add(
              http.send(
                  HttpRequest.newBuilder(URI.create(q.get("redirect_uri") + "?" + query)).build(),
                  HttpResponse.BodyHandlers.ofString()));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  private OidcAuthenticator authcode(Browser browser, String... flags) {
    List<String> args = new ArrayList<>();
    args.add("--oidc-issuer-url=" + idp.issuer);
    args.add("--oidc-client-id=kubernetes");
    args.add("--authentication-timeout-sec=30");
    if (List.of(flags).stream().noneMatch(f -> f.startsWith("--listen-address"))) {
      args.add("--listen-address=127.0.0.1:0");
    }
    args.addAll(List.of(flags));
    return OidcAuthenticator.builder(GetTokenOptions.parse(args))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .environment(Map.of())
        .browser(browser)
        .console(UserConsole.nonInteractive())
        .home(dir)
        .build();
  }

  @Test
  void login_goodCallback_codeExchangedWithVerifierAndRedirectUri() {
    CachedTokens tokens = authcode(callingBack("code=c1&state={state}{token}")).login();

    assertThat(tokens.refreshToken()).contains("rt");
    assertThat(pages.get(0).statusCode()).isEqualTo(200);
    assertThat(pages.get(0).body()).contains("<title>Authenticated</title>");
    Map<String, String> form = idp.form(idp.tokenRequests.get(0));
    assertThat(form)
        .containsEntry("grant_type", "authorization_code")
        .containsEntry("code", "c1")
        .containsKey("code_verifier");
    assertThat(form.get("redirect_uri")).matches("http://localhost:\\d+");
  }

  @Test
  void login_forgedCallbacks_answeredWithAnErrorPageWhileTheRealOneWins() {
    CachedTokens tokens =
        authcode(
                callingBack(
                    "error=access_denied&error_description=forged",
                    "error=access_denied&state=forged",
                    "code=c0&state=forged",
                    "code=c0",
                    "code=c1&state={state}{token}"))
            .login();

    assertThat(tokens.idToken()).isNotEmpty();
    for (int i = 0; i < 4; i++) {
      assertThat(pages.get(i).statusCode()).isEqualTo(400);
      assertThat(pages.get(i).body()).contains("Login failed").contains("state does not match");
    }
    assertThat(pages.get(4).statusCode()).isEqualTo(200);
    assertThat(idp.tokenRequests).hasSize(1);
    assertThat(idp.form(idp.tokenRequests.get(0))).containsEntry("code", "c1");
  }

  @Test
  void login_accessDenied_errorFromTheServer() {
    assertThatThrownBy(
            () ->
                authcode(
                        callingBack(
                            "error=access_denied&error_description=User+said+no&state={state}"))
                    .login())
        .isInstanceOfSatisfying(
            OAuthErrorException.class, e -> assertThat(e.error()).isEqualTo("access_denied"))
        .hasMessageContaining("access_denied (User said no)");
    assertThat(pages.get(0).body())
        .contains("authorization error from server: access_denied User said no");
  }

  @Test
  void showUrl_onlyHttpsAndLoopbackHttpOpened() {
    assertThat(OidcAuthenticator.opensInBrowser("https://idp.example/auth?x=1")).isTrue();
    assertThat(OidcAuthenticator.opensInBrowser("http://127.0.0.1:8000/")).isTrue();
    assertThat(OidcAuthenticator.opensInBrowser("http://localhost:8000/")).isTrue();
    assertThat(OidcAuthenticator.opensInBrowser("http://[::1]:8000/")).isTrue();
    assertThat(OidcAuthenticator.opensInBrowser("http://idp.example/auth")).isFalse();
    assertThat(OidcAuthenticator.opensInBrowser("http://127.0.0.1.attacker.example/")).isFalse();
    assertThat(OidcAuthenticator.opensInBrowser("file:///etc/passwd")).isFalse();
    assertThat(OidcAuthenticator.opensInBrowser("javascript:alert(1)")).isFalse();
    assertThat(OidcAuthenticator.opensInBrowser("https:///no-host")).isFalse();
  }

  @Test
  void login_providerAuthorizationEndpointNotHttps_printedNotOpened() {
    List<String> opened = new ArrayList<>();
    RecordingConsole console = new RecordingConsole();
    idp.authorizationEndpoint("file:///etc/passwd");
    OidcAuthenticator auth =
        OidcAuthenticator.builder(
                GetTokenOptions.parse(
                    List.of(
                        "--oidc-issuer-url=" + idp.issuer,
                        "--oidc-client-id=kubernetes",
                        "--authentication-timeout-sec=1",
                        "--listen-address=127.0.0.1:0")))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .environment(Map.of())
            .browser(opened::add)
            .console(console)
            .home(dir)
            .build();

    assertThatThrownBy(auth::login).hasMessageContaining("timed out");
    assertThat(opened).isEmpty();
    assertThat(console.printed)
        .anyMatch(m -> m.contains("does not open") && m.contains("file:///etc"));
  }

  @Test
  void login_errorDescriptionWithTerminalEscapes_shownWithoutThem() {
    assertThatThrownBy(
            () ->
                authcode(
                        callingBack(
                            "error=access_denied&error_description=%1B%5B2J%1B%5B31mred%0Dover"
                                + "&state={state}"))
                    .login())
        .isInstanceOf(OAuthErrorException.class)
        .hasMessageContaining("[2J[31mredover")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b", "\r"));
  }

  @Test
  @Timeout(120) // without a thread per connection the stalled one hangs the login; fail instead
  void login_stalledConnectionAndForeignHost_realCallbackStillAnswered() throws Exception {
    List<String> foreign = new ArrayList<>();
    try (Socket stalled = new Socket()) {
      Browser browser =
          url -> {
            URI redirect =
                URI.create(LoopbackServer.query(URI.create(url).getRawQuery()).get("redirect_uri"));
            try {
              stalled.connect(new InetSocketAddress("127.0.0.1", redirect.getPort()));
              stalled.getOutputStream().write('G'); // and nothing more
              stalled.getOutputStream().flush();
              try (Socket rebinding = new Socket("127.0.0.1", redirect.getPort())) {
                rebinding
                    .getOutputStream()
                    .write(
                        ("GET /?code=c9&state=x HTTP/1.1\r\nHost: attacker.example:"
                                + redirect.getPort()
                                + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                foreign.add(
                    new String(rebinding.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            callingBack("code=c1&state={state}{token}").open(url);
          };

      CachedTokens tokens = authcode(browser).login();

      assertThat(tokens.idToken()).isNotEmpty();
    }
    assertThat(foreign.get(0)).startsWith("HTTP/1.1 400").contains("unexpected Host");
    assertThat(pages.get(0).statusCode()).isEqualTo(200);
  }

  @Test
  void login_secondCallback_refusedWhileTheFirstWins() {
    CachedTokens tokens =
        authcode(callingBack("code=c1&state={state}{token}", "code=c2&state={state}")).login();

    assertThat(tokens.idToken()).isNotEmpty();
    assertThat(pages.get(1).statusCode()).isEqualTo(400);
    assertThat(pages.get(1).body()).contains("already been handled");
    assertThat(idp.tokenRequests).hasSize(1);
  }

  @Test
  void login_noCallback_timesOut() {
    assertThatThrownBy(() -> authcode(url -> {}, "--authentication-timeout-sec=1").login())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageStartingWith("timed out after 1 s waiting for the browser");
  }

  @Test
  void login_rootAndOtherPaths_redirectOr404() throws Exception {
    Browser probing =
        url -> {
          Map<String, String> q = LoopbackServer.query(URI.create(url).getRawQuery());
          String base = q.get("redirect_uri");
          try {
            pages.add(
                http.send(
                    HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            pages.add(
                http.send(
                    HttpRequest.newBuilder(URI.create(base + "/favicon.ico")).build(),
                    HttpResponse.BodyHandlers.ofString()));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          callingBack("code=c1&state={state}{token}").open(url);
        };

    authcode(probing).login();

    assertThat(pages.get(0).statusCode()).isEqualTo(302);
    assertThat(pages.get(0).headers().firstValue("Location"))
        .hasValueSatisfying(
            l -> assertThat(l).startsWith(idp.issuer + "/auth?client_id=kubernetes"));
    assertThat(pages.get(1).statusCode()).isEqualTo(404);
  }

  @Test
  void login_customRedirectPathAndOpenUrlAfter() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    authcode(
            callingBack("code=c1&state={state}{token}"),
            "--listen-address=127.0.0.1:" + port,
            "--oidc-redirect-url=http://localhost:" + port + "/callback",
            "--open-url-after-authentication=https://example.com/done")
        .login();

    assertThat(pages.get(0).uri().getPath()).isEqualTo("/callback");
    assertThat(pages.get(0).body()).contains("content=\"0;URL=https://example.com/done\"");
  }

  @Test
  void login_httpsLoopback_withPkcs1AndPkcs8Keys() throws Exception {
    HeldCertificate cert =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").rsa2048().build();
    Files.writeString(dir.resolve("tls.crt"), cert.certificatePem());
    Files.writeString(dir.resolve("pkcs1.key"), cert.privateKeyPkcs1Pem());
    Files.writeString(dir.resolve("pkcs8.key"), cert.privateKeyPkcs8Pem());
    SSLContext trusting =
        new HandshakeCertificates.Builder()
            .addTrustedCertificate(cert.certificate())
            .build()
            .sslContext();
    http = HttpClient.newBuilder().sslContext(trusting).build();

    for (String key : List.of("pkcs1.key", "pkcs8.key")) {
      authcode(
              callingBack("code=c1&state={state}{token}"),
              "--local-server-cert=~/tls.crt",
              "--local-server-key=~/" + key)
          .login();
    }

    assertThat(pages)
        .hasSize(2)
        .allSatisfy(
            p -> {
              assertThat(p.uri().getScheme()).isEqualTo("https");
              assertThat(p.statusCode()).isEqualTo(200);
            });
  }

  @Test
  void login_everyAddressTaken_saysNoAvailablePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      String address = "127.0.0.1:" + taken.getLocalPort();
      assertThatThrownBy(() -> authcode(url -> {}, "--listen-address=" + address).login())
          .hasMessageStartingWith("no available port: listen tcp " + address);
    }
  }
}
