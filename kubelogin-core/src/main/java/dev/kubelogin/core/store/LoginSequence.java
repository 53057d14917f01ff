package dev.kubelogin.core.store;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.TokenProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a login with a token store serves tokens: read the store; when what it holds is not
 * fresh, take the key's lock, read again (another thread or process may have logged in meanwhile),
 * refresh, else log in, store the result, and return it. The login itself — which grant, which
 * client library, which store format — is the {@link Steps} a module plugs in.
 *
 * <ul>
 *   <li>A fresh stored value is served without the lock and without calling any step. It is fresh
 *       while {@link Steps#validAt valid} and before its {@link Steps#refreshFrom refresh time}.
 *   <li>A value that is due for refresh but still valid is served when the refresh fails.
 *   <li>A login that {@linkplain Steps#personNeededBy needs a person} fails at once with {@link
 *       InteractionRequiredException} when the sequence is not {@linkplain
 *       Builder#interactive(boolean) interactive}: the message says why (no stored value, a refresh
 *       failure, an expired value without a refresh token) and which command to run.
 *   <li>A new value the store refuses to keep (a full disk, a keyring entry too large) is served
 *       all the same, and kept in this sequence's memory, with a warning: the login is never lost.
 *   <li>{@link #refreshNext()} (and {@link #invalidate} with the served token) makes the next call
 *       skip the stored value once; when another caller replaced it meanwhile, the replacement is
 *       served instead of refreshing again.
 * </ul>
 *
 * <p>Thread-safe: callers of one key are serialised by the store's {@linkplain TokenStore#lock
 * lock}, which for {@link FileTokenStore} also excludes other processes.
 *
 * @param <T> what the store holds (a token set with its refresh token, a client library's result)
 */
public final class LoginSequence<T> implements TokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger(LoginSequence.class);

  private final TokenStore<T> store;
  private final String key;
  private final Steps<T> steps;
  private final Duration lockWait;
  private final Clock clock;
  private final boolean interactive;
  private final String subject;
  private final String loginHint;
  private final AtomicBoolean forceNext;
  private final AtomicReference<T> unsaved = new AtomicReference<>();

  private LoginSequence(Builder<T> b) {
    this.store = b.store;
    this.key = b.key;
    this.steps = b.steps;
    this.lockWait = b.lockWait;
    this.clock = b.clock;
    this.interactive = b.interactive;
    this.subject = b.subject;
    this.loginHint = b.loginHint;
    this.forceNext = new AtomicBoolean(b.refreshFirst);
  }

  /**
   * Returns a builder.
   *
   * @param store where values are kept and locked
   * @param key the key of this login in {@code store}
   * @param steps how to judge, refresh and obtain a value
   */
  public static <T> Builder<T> builder(TokenStore<T> store, String key, Steps<T> steps) {
    return new Builder<>(store, key, steps);
  }

  /**
   * Returns the access token of {@link #tokens()}.
   *
   * @throws InteractionRequiredException when only a person could log in and the sequence is not
   *     interactive
   * @throws AuthenticationFailedException when the login fails
   * @throws dev.kubelogin.core.KubeloginException when the store cannot be read or locked in time
   *     (a value it refuses to keep is served, kept in memory, and logged)
   */
  @Override
  public AccessToken token() {
    return steps.accessToken(tokens());
  }

  /**
   * Returns the stored value when fresh, else a refreshed or newly obtained one, already stored.
   *
   * @throws InteractionRequiredException when only a person could log in and the sequence is not
   *     interactive
   * @throws AuthenticationFailedException when the login fails
   * @throws dev.kubelogin.core.KubeloginException when the store cannot be read or locked in time
   *     (a value it refuses to keep is served, kept in memory, and logged)
   */
  public T tokens() {
    boolean force = forceNext.get();
    Optional<T> seen = load();
    if (!force && seen.isPresent() && fresh(seen.get(), clock.instant())) {
      return seen.get();
    }
    try (TokenStore.Lock lock = store.lock(key, lockWait)) {
      return locked(force, seen);
    }
  }

  private T locked(boolean force, Optional<T> seen) {
    Instant now = clock.instant();
    Optional<T> current = load();
    if (current.isPresent() && fresh(current.get(), now) && (!force || replaced(seen, current))) {
      forceNext.set(false);
      return current.get(); // another thread or process logged in meanwhile
    }
    Optional<T> next = Optional.empty();
    String refreshFailure = null;
    try {
      next = steps.refresh(current, force);
    } catch (AuthenticationFailedException e) {
      refreshFailure = e.getMessage();
      LOG.info("Could not refresh the token of {}: {}", subject, refreshFailure);
    }
    if (next.isEmpty()) {
      if (!force && current.isPresent() && steps.validAt(current.get(), now)) {
        return current.get(); // due for refresh, not expired: keep serving it
      }
      Optional<String> person = steps.personNeededBy();
      if (!interactive && person.isPresent()) {
        throw new InteractionRequiredException(
            loginRequired(current.isPresent(), refreshFailure, person.get()));
      }
      next = Optional.of(steps.login(force));
    }
    keep(next.get());
    forceNext.set(false);
    return next.get();
  }

  /** The stored value, else the one the store refused to keep. */
  private Optional<T> load() {
    Optional<T> stored = store.load(key);
    return stored.isPresent() ? stored : Optional.ofNullable(unsaved.get());
  }

  /**
   * Stores {@code value}; when the store refuses it (a full disk, a keyring entry too large), the
   * value is still served, and kept in this sequence's memory so that this process does not log in
   * again, with a warning saying why other processes will.
   */
  private void keep(T value) {
    try {
      store.store(key, value);
      unsaved.set(null);
    } catch (KubeloginException e) {
      unsaved.set(value);
      LOG.warn(
          "The new token of {} is served but could not be stored, so other processes will log in"
              + " again: {}",
          subject,
          e.getMessage());
    }
  }

  private boolean replaced(Optional<T> seen, Optional<T> current) {
    return seen.isEmpty()
        || !steps.accessToken(seen.get()).value().equals(steps.accessToken(current.get()).value());
  }

  private boolean fresh(T value, Instant now) {
    return steps.validAt(value, now) && steps.refreshFrom(value).map(now::isBefore).orElse(true);
  }

  private String loginRequired(boolean stored, String refreshFailure, String login) {
    String why;
    if (!stored) {
      why = "there is no cached token";
    } else if (refreshFailure != null) {
      why = "the cached token could not be refreshed (" + refreshFailure + ")";
    } else {
      why = "the cached token has expired and there is no refresh token";
    }
    return "login required for "
        + subject
        + ": "
        + why
        + ", and "
        + login
        + " needs a person but this program cannot open a browser or prompt; run `"
        + loginHint
        + "` in a terminal, then try again";
  }

  /** Makes the next call skip the stored value once (refresh, else log in). */
  public void refreshNext() {
    forceNext.set(true);
  }

  /** Calls {@link #refreshNext()} when {@code rejected} is the token the store holds now. */
  @Override
  public void invalidate(AccessToken rejected) {
    Optional<T> current = load();
    if (current.isPresent() && steps.accessToken(current.get()).value().equals(rejected.value())) {
      refreshNext();
    }
  }

  @Override
  public String toString() {
    return "LoginSequence{" + subject + ", key=" + key + "}";
  }

  /**
   * How one kind of login judges, refreshes and obtains what the store holds. Implementations are
   * called by one thread at a time per key, holding the key's lock (but {@link #validAt}, {@link
   * #refreshFrom} and {@link #accessToken}, which must not block).
   *
   * @param <T> what the store holds
   */
  public interface Steps<T> {

    /** The access token to present for {@code value}. */
    AccessToken accessToken(T value);

    /**
     * Whether {@code value} may still be served at {@code now}; by default when its access token
     * expires more than 10 seconds later, or has no expiry.
     */
    default boolean validAt(T value, Instant now) {
      return accessToken(value)
          .expiresAt()
          .map(exp -> now.plusSeconds(10).isBefore(exp))
          .orElse(true);
    }

    /**
     * From when {@code value} is due for refresh while still {@linkplain #validAt valid}; empty
     * (the default) when it is served until it is no longer valid.
     */
    default Optional<Instant> refreshFrom(T value) {
      return Optional.empty();
    }

    /**
     * Obtains a new value without a person, from what {@code current} (the stored value, when there
     * is one) allows.
     *
     * @param forced whether the caller asked to skip cached tokens
     * @return empty when there is nothing to refresh with
     * @throws AuthenticationFailedException when the identity provider refuses; a login follows
     */
    Optional<T> refresh(Optional<T> current, boolean forced);

    /**
     * Names the login (for example {@code "the authcode login"}) when it needs a person, who must
     * then be available; empty when it runs unattended.
     */
    Optional<String> personNeededBy();

    /**
     * Logs in.
     *
     * @param forced whether the caller asked to skip cached tokens
     * @throws dev.kubelogin.core.KubeloginException when the login fails
     */
    T login(boolean forced);
  }

  /** Builds a {@link LoginSequence}. Not thread-safe. */
  public static final class Builder<T> {
    private final TokenStore<T> store;
    private final String key;
    private final Steps<T> steps;
    private Duration lockWait = Duration.ofMinutes(3);
    private Clock clock = Clock.systemUTC();
    private boolean interactive = true;
    private boolean refreshFirst;
    private String subject;
    private String loginHint = "the same command";

    private Builder(TokenStore<T> store, String key, Steps<T> steps) {
      this.store = Objects.requireNonNull(store, "store");
      this.key = Objects.requireNonNull(key, "key");
      this.steps = Objects.requireNonNull(steps, "steps");
      this.subject = key;
    }

    /** How long to wait for another caller's login of the same key; 3 minutes by default. */
    public Builder<T> lockWait(Duration wait) {
      this.lockWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /** The clock freshness is judged by; the system's by default. */
    public Builder<T> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether a login may involve a person (true by default). When false, a login that needs one
     * fails fast with {@link InteractionRequiredException}.
     */
    public Builder<T> interactive(boolean interactive) {
      this.interactive = interactive;
      return this;
    }

    /** Whether the first call skips the stored value (a {@code --force-refresh} flag). */
    public Builder<T> refreshFirst(boolean refreshFirst) {
      this.refreshFirst = refreshFirst;
      return this;
    }

    /** What the tokens are for, in messages and logs (an issuer URL); the key by default. */
    public Builder<T> subject(String subject) {
      this.subject = Objects.requireNonNull(subject, "subject");
      return this;
    }

    /** The command named in "login required" errors; secrets must already be hidden. */
    public Builder<T> loginHint(String command) {
      this.loginHint = Objects.requireNonNull(command, "command");
      return this;
    }

    /** Returns the sequence. */
    public LoginSequence<T> build() {
      return new LoginSequence<>(this);
    }
  }
}
