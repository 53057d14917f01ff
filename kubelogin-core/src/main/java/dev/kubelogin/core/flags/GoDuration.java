package dev.kubelogin.core.flags;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration}: {@code 60s}, {@code 1m30s}, {@code 1.5h}, {@code 500ms}, signed,
 * with the units ns, us (µs), ms, s, m and h; a bare number other than 0 is not a duration. For
 * duration flags and variables; reached through {@link GoFlags#parseDuration}.
 */
final class GoDuration {
  private static final Pattern PART =
      Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");

  private GoDuration() {}

  /** The duration {@code s} stands for; empty when it is not one (null and empty included). */
  static Optional<Duration> parse(String s) {
    if (s == null || s.isEmpty()) {
      return Optional.empty();
    }
    String body = s;
    boolean negative = false;
    if (body.startsWith("-") || body.startsWith("+")) {
      negative = body.startsWith("-");
      body = body.substring(1);
    }
    if (body.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    Matcher m = PART.matcher(body);
    int at = 0;
    double nanos = 0;
    while (at < body.length()) {
      if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) {
        return Optional.empty();
      }
      double n = Double.parseDouble(m.group(1));
      switch (m.group(2)) {
        case "ns":
          nanos += n;
          break;
        case "us":
        case "µs":
        case "μs":
          nanos += n * 1e3;
          break;
        case "ms":
          nanos += n * 1e6;
          break;
        case "s":
          nanos += n * 1e9;
          break;
        case "m":
          nanos += n * 60e9;
          break;
        default:
          nanos += n * 3600e9;
      }
      at = m.end();
    }
    Duration d = Duration.ofNanos(Math.round(nanos));
    return Optional.of(negative ? d.negated() : d);
  }
}
