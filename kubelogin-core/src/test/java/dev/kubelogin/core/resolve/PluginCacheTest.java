package dev.kubelogin.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AccessToken;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PluginCacheTest {
  private static final Path DIR = Path.of("/cache");
  private static final Instant EXP = Instant.parse("2030-01-01T00:00:00Z");
  private final PluginCache cache = PluginCache.of(DIR, DIR.resolve("key"), Duration.ofMinutes(5));

  @Test
  void servedUntil_theMarginBeforeExpiry() {
    assertThat(cache.servedUntil(AccessToken.bearer("t", EXP))).contains(EXP.minusSeconds(300));
  }

  @Test
  void servedUntil_anEarlierRefreshTimeWins_aLaterOneDoesNot() {
    Instant early = EXP.minusSeconds(3600);
    Instant late = EXP.minusSeconds(10);

    assertThat(cache.servedUntil(AccessToken.builder("t").expiresAt(EXP).refreshAt(early).build()))
        .contains(early);
    assertThat(cache.servedUntil(AccessToken.builder("t").expiresAt(EXP).refreshAt(late).build()))
        .contains(EXP.minusSeconds(300));
  }

  @Test
  void servedUntil_emptyWithoutExpiryOrWithoutTokenFile() {
    assertThat(cache.servedUntil(AccessToken.bearer("t", null))).isEmpty();
    assertThat(PluginCache.of(DIR).servedUntil(AccessToken.bearer("t", EXP))).isEmpty();
    assertThat(PluginCache.of(DIR).tokenFile()).isEmpty();
  }

  @Test
  void negativeMargin_isRefused() {
    assertThatThrownBy(() -> PluginCache.of(DIR, DIR.resolve("k"), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void toString_namesPathsOnly() {
    assertThat(cache.toString())
        .isEqualTo("PluginCache{/cache, tokenFile=/cache/key, expiryMargin=PT5M}");
  }
}
