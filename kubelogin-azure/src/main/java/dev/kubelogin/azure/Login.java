package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.IAuthenticationResult;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.store.AtomicFiles;
import dev.kubelogin.core.store.FileLocks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One login mode: acquires an access token for the options' scope. */
interface Login {

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

  /**
   * Runs {@code body} holding the cross-process {@code lockFile} (created with its directory), so
   * that processes started together log in once; waits at most {@code --timeout} plus 10 s for a
   * login of {@code who} that another process runs.
   */
  static Result locked(AzureOptions options, Path lockFile, String who, Callable<Result> body)
      throws Exception {
    Duration wait = options.timeout().plusSeconds(10);
    AtomicFiles.createDirectories(lockFile.getParent(), AtomicFiles.OWNER_ONLY_DIR);
    try (FileLocks.Held ignored = FileLocks.lockFile(lockFile, wait)) {
      return body.call();
    } catch (TimeoutException e) {
      throw new AuthenticationFailedException(
          "another login for "
              + who
              + " still runs after "
              + wait.toSeconds()
              + " s ("
              + lockFile
              + ")",
          e);
    }
  }

  static Result result(IAuthenticationResult r) {
    return new Result(r.accessToken(), r.expiresOnDate().toInstant());
  }

  /** An access token and its expiry. */
  final class Result {
    final String accessToken;
    final Instant expiresOn;

    Result(String accessToken, Instant expiresOn) {
      this.accessToken = accessToken;
      this.expiresOn = expiresOn;
    }
  }
}
