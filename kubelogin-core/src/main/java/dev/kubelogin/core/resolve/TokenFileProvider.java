package dev.kubelogin.core.resolve;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.TokenProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;

/**
 * A kubeconfig {@code tokenFile}: the file's trimmed content, read again when its modification time
 * or size changes (checked at most once a second), as for projected service-account tokens that the
 * kubelet rotates.
 *
 * <p>As client-go's bearer round tripper: when the file cannot be read (or is empty), the token
 * last read from it is served, else the {@code token} written beside {@code tokenFile} in the same
 * stanza; with neither, the read error is thrown.
 */
final class TokenFileProvider implements TokenProvider {
  private static final long CHECK_INTERVAL_MILLIS = 1000;

  private final Path file;
  private final AccessToken fallback;
  private final Clock clock;
  private volatile Snapshot snapshot;
  private volatile AccessToken lastRead;

  private static final class Snapshot {
    final AccessToken token;
    final long modified;
    final long size;
    final long checkedAt;

    Snapshot(AccessToken token, long modified, long size, long checkedAt) {
      this.token = token;
      this.modified = modified;
      this.size = size;
      this.checkedAt = checkedAt;
    }
  }

  /**
   * @param file the token file
   * @param fallback the stanza's {@code token}, or {@code null}
   * @param clock the time source
   */
  TokenFileProvider(Path file, String fallback, Clock clock) {
    this.file = file;
    this.fallback = fallback == null ? null : AccessToken.bearer(fallback, null);
    this.clock = clock;
  }

  @Override
  public AccessToken token() {
    Snapshot s = snapshot;
    long now = clock.millis();
    if (s != null && now - s.checkedAt < CHECK_INTERVAL_MILLIS) {
      return s.token;
    }
    synchronized (this) {
      s = snapshot;
      try {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        long modified = attrs.lastModifiedTime().toMillis();
        if (s != null && s.modified == modified && s.size == attrs.size()) {
          snapshot = new Snapshot(s.token, modified, s.size, now);
          return s.token;
        }
        String value = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
          return unreadable("token file " + file + " is empty", null, now);
        }
        AccessToken token = AccessToken.bearer(value, null);
        snapshot = new Snapshot(token, modified, attrs.size(), now);
        lastRead = token;
        return token;
      } catch (IOException e) {
        return unreadable("cannot read token file " + file + ": " + e, e, now);
      }
    }
  }

  private AccessToken unreadable(String problem, IOException cause, long now) {
    AccessToken served = lastRead != null ? lastRead : fallback;
    if (served == null) {
      throw new AuthenticationFailedException(problem, cause);
    }
    // Look at the file again after the usual interval, not on every request.
    snapshot = new Snapshot(served, -1, -1, now);
    return served;
  }

  @Override
  public void invalidate(AccessToken rejected) {
    // Read the file again on the next call: it may have been rotated within the last second.
    snapshot = null;
  }

  @Override
  public String toString() {
    return "TokenFileProvider{" + file + "}";
  }
}
