package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyboardGrantTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void login_pastedCode_exchangedWithTheConfiguredRedirectAndNonceChecked() throws Exception {
    try (ScriptedIdp idp = new ScriptedIdp()) {
      List<String> prompts = new ArrayList<>();
      UserConsole person =
          new UserConsole() {
            @Override
            public void println(String message) {
              String url = message.substring(message.indexOf("http"));
              Map<String, String> q = LoopbackServer.query(URI.create(url).getRawQuery());
              assertThat(q).containsEntry("redirect_uri", "urn:ietf:wg:oauth:2.0:oob");
              idp.answerTokens(
                  ScriptedIdp.sign(
                      idp.claims("kubernetes", NOW, NOW.plusSeconds(60))
                          .claim("nonce", q.get("nonce"))
                          .build(),
                      ScriptedIdp.KEY),
                  null);
            }

            @Override
            public String readLine(String prompt) {
              prompts.add(prompt);
              return " c1\r";
            }

            @Override
            public String readSecret(String prompt) {
              throw new AssertionError();
            }
          };

      CachedTokens tokens =
          OidcAuthenticator.builder(
                  GetTokenOptions.parse(
                      List.of(
                          "--oidc-issuer-url=" + idp.issuer,
                          "--oidc-client-id=kubernetes",
                          "--grant-type=authcode-keyboard",
                          "--oidc-redirect-url=urn:ietf:wg:oauth:2.0:oob")))
              .clock(Clock.fixed(NOW, ZoneOffset.UTC))
              .environment(Map.of())
              .console(person)
              .build()
              .login();

      assertThat(tokens.idToken()).isNotEmpty();
      assertThat(prompts).containsExactly("Enter code: ");
      assertThat(idp.form(idp.tokenRequests.get(0)))
          .containsEntry("code", "c1")
          .containsEntry("redirect_uri", "urn:ietf:wg:oauth:2.0:oob")
          .containsKey("code_verifier");
    }
  }
}
