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
 * started us (same pid, same start time) already received the token we are about to serve, that
 * token was rejected and should be refreshed, as {@code --force-refresh} would.
 *
 * <p>Only a parent whose executable is named {@code kubectl…} counts: a shell or a Java client that
 * runs the plugin twice means nothing by it, and a forced refresh there could turn a cache hit into
 * a login. Other client-go programs (helm, k9s) keep the Go tools' behaviour: the rejected token is
 * served until it expires.
 *
 * <p>The record is one small file beside the token cache, {@code <key>.served}: the parent's pid
 * and start time, the interactive flag, and a SHA-256 prefix of the token (never the token).
 * kubectl runs a plugin twice in one process also for {@code create -f -}, once interactive and
 * once not; the interactive flag keeps that from counting as a retry. Several kubectl processes for
 * one key overwrite each other's record; a missed retry then costs the caller one 401, as with the
 * Go tools. Failures to read or write the record are ignored: it is an optimisation.
 */
final class KubectlRetry {
  private final Path file;
  private final String parent;

  private KubectlRetry(Path file, String parent) {
    this.file = file;
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

  static KubectlRetry of(
      Path cacheDirectory, String key, boolean interactive, Optional<Parent> parent) {
    if (cacheDirectory == null || parent.isEmpty() || !parent.get().isKubectl()) {
      return new KubectlRetry(null, null);
    }
    Parent p = parent.get();
    String id = p.pid + " " + p.started.toEpochMilli() + " " + interactive;
    return new KubectlRetry(cacheDirectory.resolve(key + ".served"), id);
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

  /** Whether our parent already received {@code token} from an earlier run. */
  boolean isRetryOf(AccessToken token) {
    if (file == null) {
      return false;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).equals(record(token));
    } catch (IOException e) {
      return false; // no record yet, or unreadable: not a retry
    }
  }

  /** Records that our parent receives {@code token}. */
  void served(AccessToken token) {
    if (file == null) {
      return;
    }
    try {
      AtomicFiles.writePrivate(file, record(token).getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      // only an optimisation
    }
  }

  private String record(AccessToken token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(token.value().getBytes(StandardCharsets.UTF_8));
      return parent + " " + HexFormat.of().formatHex(digest, 0, 8) + "\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
