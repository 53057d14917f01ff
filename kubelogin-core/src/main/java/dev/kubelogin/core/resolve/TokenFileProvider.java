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
 */
final class TokenFileProvider implements TokenProvider {
  private static final long CHECK_INTERVAL_MILLIS = 1000;

  private final Path file;
  private final Clock clock;
  private volatile Snapshot snapshot;

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

  TokenFileProvider(Path file, Clock clock) {
    this.file = file;
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
          throw new AuthenticationFailedException("token file " + file + " is empty");
        }
        AccessToken token = AccessToken.bearer(value, null);
        snapshot = new Snapshot(token, modified, attrs.size(), now);
        return token;
      } catch (IOException e) {
        throw new AuthenticationFailedException("cannot read token file " + file + ": " + e, e);
      }
    }
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
