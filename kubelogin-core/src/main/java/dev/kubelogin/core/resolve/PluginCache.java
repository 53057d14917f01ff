package dev.kubelogin.core.resolve;

import dev.kubelogin.core.AccessToken;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@linkplain CredentialPlugin credential plugin} keeps what it stores for one exec stanza,
 * and how long it serves a stored token again unchanged. A program that keeps records beside a
 * plugin's cache (a command-line tool that remembers what it printed, so that it can print it again
 * without starting the plugin) asks for it with {@link KubeconfigResolver#cacheOf}; removing the
 * cache directory then removes those records too.
 *
 * <p>Immutable and thread-safe.
 */
public final class PluginCache {
  private final Path directory;
  private final Path tokenFile;
  private final Duration expiryMargin;

  private PluginCache(Path directory, Path tokenFile, Duration expiryMargin) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.tokenFile = tokenFile;
    this.expiryMargin = expiryMargin;
  }

  /** A cache directory whose tokens are not served again from a file (see {@link #tokenFile}). */
  public static PluginCache of(Path directory) {
    return new PluginCache(directory, null, Duration.ZERO);
  }

  /**
   * A cache directory where {@code tokenFile} holds the stanza's tokens, a stored token being
   * served again, without refresh, until {@code expiryMargin} before it expires (and not after its
   * {@link AccessToken#refreshAt() refresh time}).
   *
   * @throws IllegalArgumentException when {@code expiryMargin} is negative
   */
  public static PluginCache of(Path directory, Path tokenFile, Duration expiryMargin) {
    Objects.requireNonNull(tokenFile, "tokenFile");
    if (expiryMargin.isNegative()) {
      throw new IllegalArgumentException("expiryMargin is negative: " + expiryMargin);
    }
    return new PluginCache(directory, tokenFile, expiryMargin);
  }

  /** The directory of the plugin's files for the stanza. */
  public Path directory() {
    return directory;
  }

  /**
   * The file a stored token for the stanza is read from; while it is unchanged, the plugin serves
   * the token it last served until {@link #servedUntil}. Empty when the plugin does not serve
   * stored tokens that way: tokens kept in memory or a keyring, in another program's cache, signed
   * for each request (proof-of-possession), or refreshed on every call.
   */
  public Optional<Path> tokenFile() {
    return Optional.ofNullable(tokenFile);
  }

  /**
   * Until when the plugin serves {@code token}, read from an unchanged {@link #tokenFile}, without
   * refreshing it: {@code expiryMargin} before its expiry, or its refresh time when earlier. Empty
   * when there is no token file or the token has no expiry.
   */
  public Optional<Instant> servedUntil(AccessToken token) {
    if (tokenFile == null || token.expiresAt().isEmpty()) {
      return Optional.empty();
    }
    Instant until = token.expiresAt().get().minus(expiryMargin);
    Optional<Instant> refresh = token.refreshAt();
    if (refresh.isPresent() && refresh.get().isBefore(until)) {
      until = refresh.get();
    }
    return Optional.of(until);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PluginCache
        && directory.equals(((PluginCache) o).directory)
        && Objects.equals(tokenFile, ((PluginCache) o).tokenFile)
        && expiryMargin.equals(((PluginCache) o).expiryMargin);
  }

  @Override
  public int hashCode() {
    return Objects.hash(directory, tokenFile, expiryMargin);
  }

  @Override
  public String toString() {
    return "PluginCache{"
        + directory
        + (tokenFile != null ? ", tokenFile=" + tokenFile + ", expiryMargin=" + expiryMargin : "")
        + "}";
  }
}
