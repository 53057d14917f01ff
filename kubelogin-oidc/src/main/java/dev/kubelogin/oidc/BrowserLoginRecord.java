package dev.kubelogin.oidc;

import dev.kubelogin.core.InteractionRequiredException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser logins of one cache key that nobody finished, kept beside the cache ({@code
 * <key>.browser-logins}, one start time per line) so that every process sees them and a crash
 * leaves its entry behind. A browser login adds an entry when it starts and removes the file when
 * it succeeds; entries older than {@link #WINDOW} no longer count. Once {@link #LIMIT} unanswered
 * logins fall within the window, no further browser tab is opened until one succeeds: a loop
 * running kubectl overnight (int128 #904) opens three tabs, not hundreds. The record is read and
 * written under the cache key's lock, which every login of the key holds.
 */
final class BrowserLoginRecord {
  private static final Logger LOG = LoggerFactory.getLogger(BrowserLoginRecord.class);

  /** Unanswered browser logins within {@link #WINDOW} after which no tab is opened. */
  static final int LIMIT = 3;

  /** How long an unanswered browser login counts. */
  static final Duration WINDOW = Duration.ofHours(1);

  private final Path file;
  private final Clock clock;

  BrowserLoginRecord(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /**
   * Records the start of a browser login, or refuses it when {@link #LIMIT} went unanswered within
   * {@link #WINDOW}.
   *
   * @throws InteractionRequiredException when the limit is reached; it says what to run
   */
  void starting(String issuer) {
    Instant now = clock.instant();
    List<Instant> recent = new ArrayList<>();
    for (Instant t : read()) {
      if (t.isAfter(now.minus(WINDOW))) {
        recent.add(t);
      }
    }
    if (recent.size() >= LIMIT) {
      throw new InteractionRequiredException(
          "login required for "
              + issuer
              + ": the last "
              + recent.size()
              + " browser logins went unanswered within "
              + WINDOW.toMinutes()
              + " minutes, so no more browser tabs are opened; run `kubectl oidc-login get-token`"
              + " with the same arguments and --force-refresh in a terminal and finish the login"
              + " in the browser (or wait until "
              + recent.get(0).plus(WINDOW)
              + ")");
    }
    recent.add(now);
    StringBuilder lines = new StringBuilder();
    recent.forEach(t -> lines.append(t.getEpochSecond()).append('\n'));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          lines,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      LOG.warn("cannot record the browser login in {}: {}", file, e.toString());
    }
  }

  /** A browser login succeeded: nothing is unanswered any more. */
  void answered() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot clear {}: {}", file, e.toString());
    }
  }

  /** The recorded start times; unreadable or malformed lines are ignored. */
  private List<Instant> read() {
    List<Instant> out = new ArrayList<>();
    try {
      if (!Files.isRegularFile(file)) {
        return out;
      }
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          out.add(Instant.ofEpochSecond(Long.parseLong(line.strip())));
        } catch (NumberFormatException | java.time.DateTimeException e) {
          // a torn or foreign line: skip it
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot read {}: {}", file, e.toString());
    }
    return out;
  }
}
