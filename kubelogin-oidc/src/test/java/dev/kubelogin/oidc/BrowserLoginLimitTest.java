package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.interactive.Browser;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.testing.TestIdentityProviderExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No browser-tab storms: after three browser logins nobody answered, no fourth tab opens until a
 * login succeeds; the person's own {@code --force-refresh} run still opens one, and old entries
 * stop counting.
 */
class BrowserLoginLimitTest {
  @RegisterExtension
  static final TestIdentityProviderExtension provider = TestIdentityProviderExtension.create();

  @TempDir Path home;
  private final List<String> opened = new CopyOnWriteArrayList<>();

  /**
   * A tab nobody finishes: it is closed, which ends the login at once as a denied one (the loopback
   * gets {@code error=access_denied} with the request's state), so no test waits for a timeout.
   */
  private final Browser asleep =
      url -> {
        opened.add(url);
        Map<String, String> q = LoopbackServer.query(URI.create(url).getRawQuery());
        String back =
            q.get("redirect_uri")
                + "?error=access_denied&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8);
        try {
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create(back)).build(), BodyHandlers.discarding());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };

  /** Follows the provider's redirects back to the loopback, as a person who logs in. */
  private final Browser awake =
      url -> {
        opened.add(url);
        new OidcAuthenticatorTest.FollowingBrowser().open(url);
      };

  private Path cache() {
    return home.resolve("cache");
  }

  private OidcTokenProvider provider(Browser browser, String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--oidc-issuer-url=" + provider.get().issuerUrl(),
                "--oidc-client-id=kubernetes",
                "--listen-address=127.0.0.1:0"));
    args.addAll(List.of(flags));
    return OidcTokenProvider.builder(GetTokenOptions.parse(args))
        .browser(browser)
        .console(UserConsole.nonInteractive())
        .interactive(true)
        .environment(Map.of())
        .home(home)
        .cacheDirectory(cache())
        .build();
  }

  @Test
  void threeUnanswered_noFourthTab_untilThePersonLogsInWithForceRefresh() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> provider(asleep).token())
          .isInstanceOf(AuthenticationFailedException.class);
    }
    assertThat(opened).hasSize(3);

    assertThatThrownBy(() -> provider(asleep).token())
        .isInstanceOf(InteractionRequiredException.class)
        .hasMessageContaining("the last 3 browser logins went unanswered")
        .hasMessageContaining("--force-refresh");
    assertThat(opened).as("no fourth tab").hasSize(3);

    String token = provider(awake, "--force-refresh").token().value();

    assertThat(opened).hasSize(4);
    assertThat(provider(asleep).token().value()).isEqualTo(token);
    assertThat(opened).as("served from the cache").hasSize(4);
    try (var files = Files.list(cache())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.endsWith(".browser-logins"));
    }
  }

  @Test
  void unansweredLoginsOlderThanTheWindow_stopCounting() throws Exception {
    OidcTokenProvider p = provider(awake);
    Path record = cache().resolve(p.cacheKey().fileName() + ".browser-logins");
    Files.createDirectories(cache());
    long old = Instant.now().minus(BrowserLoginRecord.WINDOW).minusSeconds(60).getEpochSecond();
    Files.writeString(record, old + "\n" + old + "\n" + old + "\nnot a time\n");

    p.token();

    assertThat(opened).hasSize(1);
    assertThat(record).doesNotExist();
  }
}
