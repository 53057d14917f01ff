package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.IAuthenticationResult;
import dev.kubelogin.core.AuthenticationFailedException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One login mode: acquires an access token for the options' scope. {@link AzureTokenProvider} runs
 * it as the steps of core's {@link dev.kubelogin.core.store.LoginSequence}, holding the login's
 * lock: {@link #silent} first, then {@link #acquire}.
 */
interface Login {

  /**
   * Returns a token without a person: from msal4j's cache, or refreshed with a cached refresh
   * token; empty when only {@link #acquire} can get one.
   *
   * @throws Exception msal4j's and the JDK's failures, mapped by {@link MsalErrors}
   */
  default Optional<Result> silent(boolean forceRefresh) throws Exception {
    return Optional.empty();
  }

  /**
   * Returns a token, from a cache when one is fresh unless {@code forceRefresh}.
   *
   * @throws Exception msal4j's and the JDK's failures, mapped by {@link MsalErrors}
   */
  Result acquire(boolean forceRefresh) throws Exception;

  /** Waits for an msal4j call at most {@code --timeout}, then cancels it. */
  static <T> T await(AzureOptions options, CompletableFuture<T> f) throws Exception {
    try {
      return f.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AuthenticationFailedException(
          options.login().flagValue()
              + " login did not finish within "
              + options.timeout().toSeconds()
              + " s (--timeout)",
          e);
    }
  }

  static Result result(IAuthenticationResult r) {
    Long refreshOn = r.metadata() != null ? r.metadata().refreshOn() : null;
    return new Result(
        r.accessToken(),
        r.expiresOnDate().toInstant(),
        refreshOn != null && refreshOn > 0 ? Instant.ofEpochSecond(refreshOn) : null);
  }

  /** An access token, its expiry and, when the cache has one, its {@code refresh_on}. */
  final class Result {
    final String accessToken;
    final Instant expiresOn;
    final Instant refreshOn;

    Result(String accessToken, Instant expiresOn) {
      this(accessToken, expiresOn, null);
    }

    Result(String accessToken, Instant expiresOn, Instant refreshOn) {
      this.accessToken = accessToken;
      this.expiresOn = expiresOn;
      this.refreshOn =
          refreshOn != null && expiresOn != null && refreshOn.isAfter(expiresOn) ? null : refreshOn;
    }
  }
}
