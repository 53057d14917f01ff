package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The get-token decisions over the int128 cache, against a scripted identity provider. */
class OidcTokenProviderTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path home;
  private ScriptedIdp idp;
  private Clock clock;

  @BeforeEach
  void start() throws Exception {
    idp = new ScriptedIdp();
    clock = Clock.fixed(NOW, ZoneOffset.UTC);
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private GetTokenOptions options(String... flags) {
    List<String> args = new ArrayList<>();
    args.add("--oidc-issuer-url=" + idp.issuer);
    args.add("--oidc-client-id=kubernetes");
    args.addAll(List.of(flags));
    return GetTokenOptions.parse(args);
  }

  private OidcTokenProvider provider(boolean interactive, String... flags) {
    return OidcTokenProvider.builder(options(flags))
        .interactive(interactive)
        .clock(clock)
        .home(home)
        .environment(Map.of())
        .console(UserConsole.nonInteractive())
        .browser(url -> {})
        .build();
  }

  private Path cacheFile(OidcTokenProvider p) {
    return p.cacheFile().orElseThrow();
  }

  private void seed(OidcTokenProvider p, String idToken, String refreshToken) throws Exception {
    Path f = cacheFile(p);
    Files.createDirectories(f.getParent());
    Files.writeString(f, new CachedTokens(idToken, refreshToken).toJson());
  }

  @Test
  void token_emptyCache_passwordLoginWrittenInInt128Layout() throws Exception {
    String id = idp.idToken(NOW, NOW.plusSeconds(3600));
    idp.answerTokens(id, "rt1");
    OidcTokenProvider p = provider(false, "--username=alice", "--password=pw");

    AccessToken token = p.token();

    assertThat(token.value()).isEqualTo(id);
    assertThat(token.expiresAt()).contains(NOW.plusSeconds(3600));
    Path file = cacheFile(p);
    assertThat(file)
        .isEqualTo(home.resolve(".kube/cache/oidc-login").resolve(p.cacheKey().fileName()));
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo("{\"id_token\":\"" + id + "\",\"refresh_token\":\"rt1\"}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(idp.form(idp.tokenRequests.get(0)))
        .containsEntry("grant_type", "password")
        .containsEntry("username", "alice")
        .containsEntry("scope", "openid")
        .containsEntry("client_id", "kubernetes");

    assertThat(p.token().value()).isEqualTo(id);
    assertThat(idp.tokenRequests).hasSize(1);
  }

  @Test
  void token_validCache_noNetworkAtAll() throws Exception {
    OidcTokenProvider p = provider(false);
    String id = idp.idToken(NOW.minusSeconds(60), NOW.plusSeconds(3600));
    seed(p, id, "rt");

    assertThat(p.token().value()).isEqualTo(id);
    assertThat(idp.server.getRequestCount()).isZero();
  }

  @Test
  void token_expired_refreshRotatesTheRefreshToken() throws Exception {
    OidcTokenProvider p = provider(false);
    seed(p, idp.idToken(NOW.minusSeconds(3600), NOW.minusSeconds(1)), "rt-old");
    String fresh = idp.idToken(NOW, NOW.plusSeconds(300));
    idp.answerTokens(fresh, "rt-new");

    assertThat(p.token().value()).isEqualTo(fresh);

    assertThat(idp.form(idp.tokenRequests.get(0)))
        .containsEntry("grant_type", "refresh_token")
        .containsEntry("refresh_token", "rt-old")
        .doesNotContainKey("scope");
    assertThat(CachedTokens.parse(Files.readString(cacheFile(p))).refreshToken())
        .contains("rt-new");
  }

  @Test
  void token_refreshWithoutRotation_keepsTheOldRefreshToken() throws Exception {
    OidcTokenProvider p = provider(false);
    seed(p, idp.idToken(NOW.minusSeconds(3600), NOW.plusSeconds(5)), "rt-old");
    idp.answerTokens(idp.idToken(NOW, NOW.plusSeconds(300)), null);

    p.token();

    assertThat(CachedTokens.parse(Files.readString(cacheFile(p))).refreshToken())
        .contains("rt-old");
  }

  @Test
  void token_invalidGrantWhileNotInteractive_failsFastWithWhatToRun() throws Exception {
    OidcTokenProvider p = provider(false);
    String expired = idp.idToken(NOW.minusSeconds(3600), NOW.minusSeconds(1));
    seed(p, expired, "rt-revoked");
    String before = Files.readString(cacheFile(p));
    idp.answerToken(
        400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token is not active\"}");

    assertThatThrownBy(p::token)
        .isInstanceOf(InteractionRequiredException.class)
        .hasMessageContaining("login required for " + idp.issuer)
        .hasMessageContaining("invalid_grant (Token is not active)")
        .hasMessageContaining("run `kubectl oidc-login get-token")
        .hasMessageNotContaining("rt-revoked");
    assertThat(Files.readString(cacheFile(p))).isEqualTo(before);
  }

  @Test
  void token_invalidGrantWithPasswordGrant_logsInAgain() throws Exception {
    OidcTokenProvider p = provider(false, "--username=alice", "--password=pw");
    seed(p, idp.idToken(NOW.minusSeconds(3600), NOW.minusSeconds(1)), "rt-revoked");
    idp.answerToken(400, "{\"error\":\"invalid_grant\"}");
    String fresh = idp.idToken(NOW, NOW.plusSeconds(300));
    idp.answerTokens(fresh, "rt2");

    assertThat(p.token().value()).isEqualTo(fresh);
    assertThat(idp.form(idp.tokenRequests.get(1))).containsEntry("grant_type", "password");
  }

  @Test
  void token_dueForRefreshAndIdpDown_keepsServingTheValidToken() throws Exception {
    OidcTokenProvider p = provider(false);
    // 300 s lifetime, 30 s left: inside the advisory window (60 s), still valid
    String due = idp.idToken(NOW.minusSeconds(270), NOW.plusSeconds(30));
    seed(p, due, "rt");
    idp.answerToken(503, "unavailable");

    assertThat(p.token().value()).isEqualTo(due);
    assertThat(idp.tokenRequests).hasSize(1);
  }

  @Test
  void token_dueForRefresh_refreshedAheadOfExpiry() throws Exception {
    OidcTokenProvider p = provider(false);
    seed(p, idp.idToken(NOW.minusSeconds(270), NOW.plusSeconds(30)), "rt");
    String fresh = idp.idToken(NOW, NOW.plusSeconds(300));
    idp.answerTokens(fresh, "rt2");

    assertThat(p.token().value()).isEqualTo(fresh);
  }

  @Test
  void token_forceRefresh_appliesToTheFirstCallOnly() throws Exception {
    OidcTokenProvider p = provider(false, "--force-refresh");
    seed(p, idp.idToken(NOW, NOW.plusSeconds(3600)), "rt");
    String fresh = idp.idToken(NOW, NOW.plusSeconds(3600));
    idp.answerTokens(fresh, "rt2");

    assertThat(p.token().value()).isEqualTo(fresh);
    assertThat(p.token().value()).isEqualTo(fresh);
    assertThat(idp.tokenRequests).hasSize(1);
  }

  @Test
  void invalidate_rejectedToken_nextCallRefreshes() throws Exception {
    OidcTokenProvider p = provider(false);
    seed(p, idp.idToken(NOW, NOW.plusSeconds(3600)), "rt");
    AccessToken first = p.token();
    String fresh = idp.idToken(NOW.plusSeconds(1), NOW.plusSeconds(3600));
    idp.answerTokens(fresh, "rt2");

    p.invalidate(AccessToken.bearer("some other token", null));
    assertThat(p.token()).isEqualTo(first);
    p.invalidate(first);

    assertThat(p.token().value()).isEqualTo(fresh);
  }

  @Test
  void token_corruptCacheFile_isAMiss() throws Exception {
    OidcTokenProvider p = provider(false, "--username=alice", "--password=pw");
    Files.createDirectories(cacheFile(p).getParent());
    Files.writeString(cacheFile(p), "{not json");
    String id = idp.idToken(NOW, NOW.plusSeconds(3600));
    idp.answerTokens(id, null);

    assertThat(p.token().value()).isEqualTo(id);
  }

  @Test
  void token_goWroteMapsInAnotherOrder_fileIsFound() throws Exception {
    OidcTokenProvider p =
        provider(false, "--oidc-request-header=X-B=2", "--oidc-request-header=X-A=1");
    List<String> names = p.cacheKey().fileNameCandidates();
    assertThat(names).hasSize(2);
    String other = names.get(1);
    String id = idp.idToken(NOW, NOW.plusSeconds(3600));
    Path dir = cacheFile(p).getParent();
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(other), new CachedTokens(id, null).toJson());

    assertThat(p.token().value()).isEqualTo(id);
  }

  @Test
  void token_storageNone_writesNothing() throws Exception {
    OidcTokenProvider p =
        provider(false, "--username=alice", "--password=pw", "--token-cache-storage=none");
    idp.answerTokens(idp.idToken(NOW, NOW.plusSeconds(3600)), null);

    p.token();
    p.token();

    assertThat(p.cacheFile()).isEmpty();
    assertThat(home.resolve(".kube")).doesNotExist();
    assertThat(idp.tokenRequests).hasSize(1);
  }

  @Test
  void token_kubeCacheDir_honoured() throws Exception {
    OidcTokenProvider p =
        OidcTokenProvider.builder(options())
            .interactive(false)
            .clock(clock)
            .home(home)
            .environment(Map.of("KUBECACHEDIR", home.resolve("kc").toString()))
            .build();

    assertThat(p.cacheFile())
        .contains(home.resolve("kc/oidc-login").resolve(p.cacheKey().fileName()));
  }
}
