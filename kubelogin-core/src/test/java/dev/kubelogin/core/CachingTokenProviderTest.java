package dev.kubelogin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachingTokenProviderTest {

  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private final FakeClock clock = new FakeClock(T0);
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** A source that returns scripted results and counts calls. */
  private static final class ScriptedSource implements TokenProvider {
    final AtomicInteger calls = new AtomicInteger();
    volatile Supplier<AccessToken> next;

    ScriptedSource(Supplier<AccessToken> next) {
      this.next = next;
    }

    @Override
    public AccessToken token() {
      calls.incrementAndGet();
      return next.get();
    }
  }

  private CachingTokenProvider cached(TokenProvider source, RefreshPolicy policy) {
    return CachingTokenProvider.builder(source).refreshPolicy(policy).clock(clock).build();
  }

  private static AccessToken token(String value, Instant expiresAt) {
    return AccessToken.bearer(value, expiresAt);
  }

  @Test
  void token_freshToken_callsSourceOnce() {
    ScriptedSource source = new ScriptedSource(() -> token("t1", T0.plusSeconds(3600)));
    CachingTokenProvider provider = cached(source, RefreshPolicy.defaults());

    assertThat(provider.token().value()).isEqualTo("t1");
    clock.advance(Duration.ofMinutes(54));
    assertThat(provider.token().value()).isEqualTo("t1");
    assertThat(source.calls).hasValue(1);
  }

  @Test
  void token_hourLongTokenInAdvisoryWindow_refreshesFiveMinutesBeforeExpiry() {
    AtomicInteger n = new AtomicInteger();
    ScriptedSource source =
        new ScriptedSource(
            () -> token("t" + n.incrementAndGet(), clock.instant().plusSeconds(3600)));
    CachingTokenProvider provider = cached(source, RefreshPolicy.defaults());
    provider.token();

    clock.advance(Duration.ofMinutes(54).plusSeconds(59));
    assertThat(provider.token().value()).isEqualTo("t1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(provider.token().value()).isEqualTo("t2");
    assertThat(source.calls).hasValue(2);
  }

  @Test
  void token_fiveMinuteToken_windowsScaleWithLifetime() {
    AtomicInteger n = new AtomicInteger();
    ScriptedSource source =
        new ScriptedSource(
            () -> token("t" + n.incrementAndGet(), clock.instant().plusSeconds(300)));
    CachingTokenProvider provider = cached(source, RefreshPolicy.defaults());
    provider.token();

    // Advisory is a fifth of the lifetime: 60 s before expiry.
    clock.advance(Duration.ofSeconds(239));
    assertThat(provider.token().value()).isEqualTo("t1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(provider.token().value()).isEqualTo("t2");
  }

  @Test
  void token_refreshAtHint_startsAdvisoryRefreshAtHint() {
    AtomicInteger n = new AtomicInteger();
    ScriptedSource source =
        new ScriptedSource(
            () ->
                AccessToken.builder("t" + n.incrementAndGet())
                    .expiresAt(clock.instant().plusSeconds(3600))
                    .refreshAt(clock.instant().plusSeconds(1800))
                    .build());
    CachingTokenProvider provider = cached(source, RefreshPolicy.defaults());
    provider.token();

    clock.advance(Duration.ofSeconds(1799));
    assertThat(provider.token().value()).isEqualTo("t1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(provider.token().value()).isEqualTo("t2");
  }

  @Test
  void token_advisoryRefreshFails_keepsServingAndRetriesAfterDelay() {
    ScriptedSource source = new ScriptedSource(() -> token("t1", T0.plusSeconds(3600)));
    CachingTokenProvider provider = cached(source, RefreshPolicy.defaults());
    provider.token();
    source.next =
        () -> {
          throw new AuthenticationFailedException("idp down");
        };

    clock.advance(Duration.ofMinutes(56));
    assertThat(provider.token().value()).isEqualTo("t1");
    assertThat(provider.token().value()).isEqualTo("t1");
    assertThat(source.calls).as("no retry before the delay").hasValue(2);

    clock.advance(Duration.ofSeconds(30));
    source.next = () -> token("t2", clock.instant().plusSeconds(3600));
    assertThat(provider.token().value()).isEqualTo("t2");
    assertThat(source.calls).hasValue(3);
  }

  @Test
  void token_advisoryRefreshRejectsCredential_throwsAndDropsToken() {
    ScriptedSource source = new ScriptedSource(() -> token("t1", T0.plusSeconds(3600)));
    CachingTokenProvider provider = cached(source, RefreshPolicy.defaults());
    provider.token();
    source.next =
        () -> {
          throw new AuthenticationFailedException("invalid_grant", null, true);
        };

    clock.advance(Duration.ofMinutes(56));
    assertThatThrownBy(provider::token).hasMessage("invalid_grant");
    assertThatThrownBy(provider::token).hasMessage("invalid_grant");
    assertThat(source.calls).as("dropped token is not served again").hasValue(3);
  }

  @Test
  void token_mandatoryRefreshFails_throwsAndRetriesOnNextCall() {
    ScriptedSource source = new ScriptedSource(() -> token("t1", T0.plusSeconds(3600)));
    CachingTokenProvider provider = cached(source, RefreshPolicy.defaults());
    provider.token();
    source.next =
        () -> {
          throw new AuthenticationFailedException("idp down");
        };

    clock.advance(Duration.ofMinutes(59));
    assertThatThrownBy(provider::token)
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage("idp down");
    assertThatThrownBy(provider::token).hasMessage("idp down");
    assertThat(source.calls).hasValue(3);
  }

  @Test
  void token_noExpiry_servedUntilInvalidated() {
    AtomicInteger n = new AtomicInteger();
    ScriptedSource source = new ScriptedSource(() -> token("t" + n.incrementAndGet(), null));
    CachingTokenProvider provider = cached(source, RefreshPolicy.defaults());
    AccessToken first = provider.token();

    clock.advance(Duration.ofDays(3650));
    assertThat(provider.token()).isSameAs(first);

    provider.invalidate(first);
    assertThat(provider.token().value()).isEqualTo("t2");
    assertThat(source.calls).hasValue(2);
  }

  @Test
  void invalidate_staleToken_doesNotDropNewerToken() {
    AtomicInteger n = new AtomicInteger();
    ScriptedSource source = new ScriptedSource(() -> token("t" + n.incrementAndGet(), null));
    CachingTokenProvider provider = cached(source, RefreshPolicy.defaults());
    AccessToken first = provider.token();
    provider.invalidate(first);
    AccessToken second = provider.token();

    provider.invalidate(first);
    assertThat(provider.token()).isSameAs(second);
    assertThat(source.calls).hasValue(2);
  }

  @Test
  void token_64ThreadsCrossExpiryTogether_refreshOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger n = new AtomicInteger();
    ScriptedSource source = new ScriptedSource(() -> token("t1", T0.plusSeconds(3600)));
    CachingTokenProvider provider =
        cached(source, RefreshPolicy.builder().maxWait(Duration.ofMinutes(1)).build());
    provider.token();
    source.next =
        () -> {
          n.incrementAndGet();
          await(release);
          return token("t2", clock.instant().plusSeconds(3600));
        };
    clock.advance(Duration.ofMinutes(61));

    int threads = 64;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<AccessToken>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                return provider.token();
              }));
    }
    // Hold the refresh until every other caller is parked on it.
    while (provider.waitingCallers() < threads - 1) {
      Thread.onSpinWait();
    }
    release.countDown();

    for (Future<AccessToken> f : results) {
      assertThat(f.get(1, TimeUnit.MINUTES).value()).isEqualTo("t2");
    }
    assertThat(n).hasValue(1);
    assertThat(source.calls).hasValue(2);
  }

  @Test
  void token_mandatoryFailure_thrownToAllWaiters() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ScriptedSource source =
        new ScriptedSource(
            () -> {
              await(release);
              throw new AuthenticationFailedException("refresh token expired");
            });
    CachingTokenProvider provider =
        cached(source, RefreshPolicy.builder().maxWait(Duration.ofMinutes(1)).build());

    int threads = 8;
    List<Future<AccessToken>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      results.add(pool.submit(provider::token));
    }
    while (provider.waitingCallers() < threads - 1) {
      Thread.onSpinWait();
    }
    release.countDown();

    for (Future<AccessToken> f : results) {
      assertThatThrownBy(() -> f.get(1, TimeUnit.MINUTES))
          .hasCauseInstanceOf(AuthenticationFailedException.class)
          .hasRootCauseMessage("refresh token expired");
    }
    assertThat(source.calls).hasValue(1);
  }

  @Test
  void token_advisoryRefreshInFlight_otherCallersDoNotWait() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ScriptedSource source = new ScriptedSource(() -> token("t1", T0.plusSeconds(3600)));
    CachingTokenProvider provider = cached(source, RefreshPolicy.defaults());
    provider.token();
    source.next =
        () -> {
          entered.countDown();
          await(release);
          return token("t2", clock.instant().plusSeconds(3600));
        };
    clock.advance(Duration.ofMinutes(56));

    Future<AccessToken> refresher = pool.submit(provider::token);
    assertThat(entered.await(1, TimeUnit.MINUTES)).isTrue();
    assertThat(provider.token().value()).as("served without waiting").isEqualTo("t1");
    release.countDown();
    assertThat(refresher.get(1, TimeUnit.MINUTES).value()).isEqualTo("t2");
    assertThat(provider.token().value()).isEqualTo("t2");
  }

  @Test
  void token_waitLongerThanMaxWait_failsWithClearMessage() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ScriptedSource source =
        new ScriptedSource(
            () -> {
              entered.countDown();
              await(release);
              return token("t1", null);
            });
    CachingTokenProvider provider =
        cached(source, RefreshPolicy.builder().maxWait(Duration.ZERO).build());

    Future<AccessToken> refresher = pool.submit(provider::token);
    assertThat(entered.await(1, TimeUnit.MINUTES)).isTrue();
    assertThatThrownBy(provider::token)
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("waiting for another thread to refresh");
    release.countDown();
    assertThat(refresher.get(1, TimeUnit.MINUTES).value()).isEqualTo("t1");
  }

  @Test
  void refreshPolicy_mandatoryLongerThanAdvisory_rejected() {
    assertThatThrownBy(
            () ->
                RefreshPolicy.builder()
                    .advisoryWindow(Duration.ofSeconds(10))
                    .mandatoryWindow(Duration.ofSeconds(20))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mandatoryWindow");
  }

  @Test
  void accessToken_toString_redactsValue() {
    AccessToken t = token("super-secret-value", T0);
    assertThat(t.toString()).doesNotContain("super-secret-value").contains("redacted");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
