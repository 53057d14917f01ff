package dev.kubelogin.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.FakeClock;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.KubeloginException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginSequenceTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final FakeClock clock = new FakeClock(T0);
  private final TokenStore<Tokens> store = TokenStore.inMemory();
  private final ScriptedSteps steps = new ScriptedSteps();

  /** A token valid for an hour, due for refresh in its last 10 minutes. */
  record Tokens(String value, Instant expiresAt, boolean refreshable) {}

  final class ScriptedSteps implements LoginSequence.Steps<Tokens> {
    final List<String> calls = new ArrayList<>();
    AuthenticationFailedException refuseRefresh;
    boolean needsPerson;
    CountDownLatch loginEntered;
    CountDownLatch loginMayEnd;
    int issued;

    @Override
    public AccessToken accessToken(Tokens t) {
      return AccessToken.bearer(t.value(), t.expiresAt());
    }

    @Override
    public Optional<Instant> refreshFrom(Tokens t) {
      return t.refreshable()
          ? Optional.of(t.expiresAt().minus(Duration.ofMinutes(10)))
          : Optional.empty();
    }

    @Override
    public synchronized Optional<Tokens> refresh(Optional<Tokens> current, boolean forced) {
      if (current.isEmpty() || !current.get().refreshable()) {
        return Optional.empty();
      }
      calls.add("refresh" + (forced ? " forced" : ""));
      if (refuseRefresh != null) {
        throw refuseRefresh;
      }
      return Optional.of(next());
    }

    @Override
    public Optional<String> personNeededBy() {
      return needsPerson ? Optional.of("the browser login") : Optional.empty();
    }

    @Override
    public Tokens login(boolean forced) {
      synchronized (this) {
        calls.add("login");
      }
      if (loginEntered != null) {
        loginEntered.countDown();
        await(loginMayEnd);
      }
      return next();
    }

    private synchronized Tokens next() {
      issued++;
      return new Tokens("tok-" + issued, clock.instant().plus(Duration.ofHours(1)), true);
    }
  }

  private LoginSequence.Builder<Tokens> sequence() {
    return LoginSequence.builder(store, "key", steps).clock(clock).subject("https://idp.test");
  }

  @Test
  void token_emptyStore_logsInAndStores_thenServesFromTheStoreWithoutSteps() {
    LoginSequence<Tokens> s = sequence().build();

    assertThat(s.token().value()).isEqualTo("tok-1");
    assertThat(store.load("key")).map(Tokens::value).contains("tok-1");
    assertThat(s.token().value()).isEqualTo("tok-1");
    assertThat(steps.calls).containsExactly("login");
  }

  @Test
  void token_storeRefusesTheNewValue_servesItAndKeepsItInMemoryUntilTheStoreTakesOne() {
    AtomicBoolean refuse = new AtomicBoolean(true);
    TokenStore<Tokens> refusing =
        new TokenStore<>() {
          @Override
          public Optional<Tokens> load(String key) {
            return store.load(key);
          }

          @Override
          public void store(String key, Tokens value) {
            if (refuse.get()) {
              throw new KubeloginException("the keyring cannot take 5000 bytes");
            }
            store.store(key, value);
          }

          @Override
          public void delete(String key) {
            store.delete(key);
          }

          @Override
          public Lock lock(String key, Duration maxWait) {
            return store.lock(key, maxWait);
          }
        };
    LoginSequence<Tokens> s =
        LoginSequence.builder(refusing, "key", steps)
            .clock(clock)
            .subject("https://idp.test")
            .build();

    assertThat(s.token().value()).isEqualTo("tok-1");
    assertThat(s.token().value()).isEqualTo("tok-1");
    assertThat(store.load("key")).isEmpty();
    assertThat(steps.calls).containsExactly("login");

    clock.advance(Duration.ofMinutes(51));
    refuse.set(false);
    assertThat(s.token().value()).isEqualTo("tok-2");
    assertThat(steps.calls).containsExactly("login", "refresh");
    assertThat(store.load("key")).map(Tokens::value).contains("tok-2");
  }

  @Test
  void token_dueForRefresh_refreshes() {
    LoginSequence<Tokens> s = sequence().build();
    s.token();
    clock.advance(Duration.ofMinutes(51));

    assertThat(s.token().value()).isEqualTo("tok-2");
    assertThat(steps.calls).containsExactly("login", "refresh");
  }

  @Test
  void token_refreshRefusedWhileStillValid_servesTheStoredToken() {
    LoginSequence<Tokens> s = sequence().build();
    s.token();
    clock.advance(Duration.ofMinutes(51));
    steps.refuseRefresh = new AuthenticationFailedException("invalid_grant");

    assertThat(s.token().value()).isEqualTo("tok-1");
    assertThat(steps.calls).containsExactly("login", "refresh");
  }

  @Test
  void token_refreshRefusedAfterExpiry_logsIn() {
    LoginSequence<Tokens> s = sequence().build();
    s.token();
    clock.advance(Duration.ofHours(2));
    steps.refuseRefresh = new AuthenticationFailedException("invalid_grant");

    assertThat(s.token().value()).isEqualTo("tok-2");
    assertThat(steps.calls).containsExactly("login", "refresh", "login");
  }

  @Test
  void token_notInteractive_loginNeedingAPersonFailsAtOnceSayingWhyAndWhatToRun() {
    steps.needsPerson = true;
    store.store("key", new Tokens("old", T0.plus(Duration.ofHours(1)), true));
    clock.advance(Duration.ofHours(2));
    steps.refuseRefresh = new AuthenticationFailedException("invalid_grant");
    LoginSequence<Tokens> s = sequence().interactive(false).loginHint("tool login").build();

    assertThatThrownBy(s::token)
        .isInstanceOf(InteractionRequiredException.class)
        .hasMessage(
            "login required for https://idp.test: the cached token could not be refreshed"
                + " (invalid_grant), and the browser login needs a person but this program cannot"
                + " open a browser or prompt; run `tool login` in a terminal, then try again");
    assertThat(steps.calls).containsExactly("refresh");
  }

  @Test
  void token_notInteractive_unattendedLoginRuns() {
    LoginSequence<Tokens> s = sequence().interactive(false).build();

    assertThat(s.token().value()).isEqualTo("tok-1");
  }

  @Test
  void invalidate_servedToken_nextCallRefreshesOnce() {
    LoginSequence<Tokens> s = sequence().build();
    AccessToken first = s.token();

    s.invalidate(AccessToken.bearer("some other token", null));
    assertThat(s.token()).isEqualTo(first);
    s.invalidate(first);
    assertThat(s.token().value()).isEqualTo("tok-2");
    assertThat(s.token().value()).isEqualTo("tok-2");
    assertThat(steps.calls).containsExactly("login", "refresh forced");
  }

  @Test
  void refreshFirst_firstCallRefreshesEvenAFreshToken() {
    store.store("key", new Tokens("old", T0.plus(Duration.ofHours(1)), true));

    assertThat(sequence().refreshFirst(true).build().token().value()).isEqualTo("tok-1");
    assertThat(steps.calls).containsExactly("refresh forced");
  }

  @Test
  void refreshNext_anotherCallerReplacedTheTokenMeanwhile_servesItWithoutRefreshing()
      throws Exception {
    // another process logs in after this caller read the store, before it has the lock
    AtomicBoolean armed = new AtomicBoolean();
    TokenStore<Tokens> racing =
        beforeEachLock(
            () -> {
              if (armed.get()) {
                store.store("key", new Tokens("theirs", T0.plus(Duration.ofHours(1)), true));
              }
            });
    LoginSequence<Tokens> s = LoginSequence.builder(racing, "key", steps).clock(clock).build();
    s.token();
    s.refreshNext();
    armed.set(true);

    assertThat(s.token().value()).isEqualTo("theirs");
    assertThat(steps.calls).containsExactly("login");
  }

  @Test
  void token_concurrentCallersOnAnEmptyStore_logInOnce() throws Exception {
    steps.loginEntered = new CountDownLatch(1);
    steps.loginMayEnd = new CountDownLatch(1);
    CountDownLatch bothAtTheLock = new CountDownLatch(2);
    TokenStore<Tokens> counting = beforeEachLock(bothAtTheLock::countDown);
    LoginSequence<Tokens> s = LoginSequence.builder(counting, "key", steps).clock(clock).build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<AccessToken> first = pool.submit(s::token);
      steps.loginEntered.await(30, TimeUnit.SECONDS);
      Future<AccessToken> second = pool.submit(s::token);
      bothAtTheLock.await(30, TimeUnit.SECONDS); // the second waits for the first's login
      steps.loginMayEnd.countDown();

      assertThat(first.get(30, TimeUnit.SECONDS).value()).isEqualTo("tok-1");
      assertThat(second.get(30, TimeUnit.SECONDS).value()).isEqualTo("tok-1");
      assertThat(steps.calls).containsExactly("login");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void token_fileStore_lockedByAnotherHolder_failsAfterTheWaitNamingTheLock(@TempDir Path dir)
      throws Exception {
    FileTokenStore<Tokens> files =
        FileTokenStore.create(
            dir,
            new FileTokenStore.Codec<>() {
              @Override
              public byte[] encode(Tokens value) {
                return value.value().getBytes(StandardCharsets.UTF_8);
              }

              @Override
              public Tokens decode(byte[] bytes) {
                return new Tokens(new String(bytes, StandardCharsets.UTF_8), T0, false);
              }
            });
    LoginSequence<Tokens> s =
        LoginSequence.builder(files, "key", steps).lockWait(Duration.ofMillis(50)).build();
    try (TokenStore.Lock held = files.lock("key", Duration.ofSeconds(1))) {
      assertThatThrownBy(s::token).hasMessageContaining(dir.resolve("key.lock").toString());
    }
    assertThat(steps.calls).isEmpty();
  }

  /** The in-memory store, running {@code hook} each time a caller asks for the lock. */
  private TokenStore<Tokens> beforeEachLock(Runnable hook) {
    return new TokenStore<>() {
      @Override
      public Optional<Tokens> load(String key) {
        return store.load(key);
      }

      @Override
      public void store(String key, Tokens value) {
        store.store(key, value);
      }

      @Override
      public void delete(String key) {
        store.delete(key);
      }

      @Override
      public Lock lock(String key, Duration maxWait) {
        hook.run();
        return store.lock(key, maxWait);
      }
    };
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
