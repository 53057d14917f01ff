package dev.kubelogin.cli;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import dev.kubelogin.core.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Tells kubectl's re-run after a 401 from its first run. client-go caches the ExecCredential until
 * its {@code expirationTimestamp} and runs the plugin again in the same process only when the API
 * server answered 401 (or for a second interactive mode, see below). So when the process that
 * started us already received the token we are about to serve, that token was rejected and should
 * be refreshed, as {@code --force-refresh} would.
 *
 * <p>Only a parent whose executable is named {@code kubectl…} counts: a shell or a Java client that
 * runs the plugin twice means nothing by it, and a forced refresh there could turn a cache hit into
 * a login. Other client-go programs (helm, k9s) keep the Go tools' behaviour: the rejected token is
 * served until it expires.
 *
 * <p>The record is one small line beside the token cache, {@code <key>.served}: the parent's pid,
 * the second the token was served, the interactive flag, and a SHA-256 prefix of the token (never
 * the token). The launcher's fast path ({@link PreparedResponse}) writes the same line when it
 * serves a prepared response. A record names our parent when its pid is the parent's and the parent
 * had started by the second it names: a process that reuses the pid later started after it. kubectl
 * runs a plugin twice in one process also for {@code create -f -}, once interactive and once not;
 * the interactive flag keeps that from counting as a retry. Several kubectl processes for one key
 * overwrite each other's record; a missed retry then costs the caller one 401, as with the Go
 * tools. Failures to read or write the record are ignored: it is an optimisation.
 */
final class KubectlRetry {
  private final Path file;
  private final boolean interactive;
  private final Parent parent;

  private KubectlRetry(Path file, boolean interactive, Parent parent) {
    this.file = file;
    this.interactive = interactive;
    this.parent = parent;
  }

  /** The process that started this one. */
  static final class Parent {
    final long pid;
    final Instant started;
    final String command;

    Parent(long pid, Instant started, String command) {
      this.pid = pid;
      this.started = started;
      this.command = command;
    }

    /** This process's parent, when the OS tells its start time and executable. */
    static Optional<Parent> ofThisProcess() {
      Optional<ProcessHandle> p = ProcessHandle.current().parent();
      if (p.isEmpty()) {
        return Optional.empty();
      }
      ProcessHandle.Info info = p.get().info();
      if (info.startInstant().isEmpty() || info.command().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Parent(p.get().pid(), info.startInstant().get(), info.command().get()));
    }

    boolean isKubectl() {
      String c = command;
      int slash = Math.max(c.lastIndexOf('/'), c.lastIndexOf('\\'));
      return c.substring(slash + 1).startsWith("kubectl");
    }
  }

  /**
   * The record for {@code key} in {@code cacheDirectory} (none when null), read and written only
   * when {@code parent} is a kubectl.
   */
  static KubectlRetry of(
      Path cacheDirectory, String key, boolean interactive, Optional<Parent> parent) {
    return new KubectlRetry(
        cacheDirectory == null ? null : cacheDirectory.resolve(key + ".served"),
        interactive,
        parent.filter(Parent::isKubectl).orElse(null));
  }

  /**
   * The record's name for a get-token command line: a SHA-256 prefix of its words, so that each
   * command line (and so each cache key) has its own record and no secret appears in a file name.
   */
  static String keyOf(ExecConfig exec) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(exec.command().getBytes(StandardCharsets.UTF_8));
      for (String arg : exec.args()) {
        d.update((byte) 0);
        d.update(arg.getBytes(StandardCharsets.UTF_8));
      }
      return "get-token-" + HexFormat.of().formatHex(d.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The record file, whoever the parent is; empty without a cache directory. */
  Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** Whether our parent already received {@code token} from an earlier run. */
  boolean isRetryOf(AccessToken token) {
    if (file == null || parent == null) {
      return false;
    }
    try {
      String[] r = Files.readString(file, StandardCharsets.UTF_8).split(" ", 3);
      return r.length == 3
          && r[0].equals(Long.toString(parent.pid))
          && parent.started.getEpochSecond() <= Long.parseLong(r[1])
          && r[2].equals(recordOf(token) + "\n");
    } catch (IOException | NumberFormatException e) {
      return false; // no record yet, or unreadable: not a retry
    }
  }

  /** Records that our parent receives {@code token} at {@code now}. */
  void served(AccessToken token, Instant now) {
    if (file == null || parent == null) {
      return;
    }
    String line = parent.pid + " " + now.getEpochSecond() + " " + recordOf(token) + "\n";
    try {
      AtomicFiles.writePrivate(file, line.getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      // only an optimisation
    }
  }

  /** What the record holds about {@code token} after the pid and second: the mode and a hash. */
  String recordOf(AccessToken token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(token.value().getBytes(StandardCharsets.UTF_8));
      return interactive + " " + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
