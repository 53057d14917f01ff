package dev.kubelogin.core.store;

import dev.kubelogin.core.KubeloginException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The macOS login Keychain through {@code /usr/bin/security}, exactly as go-keyring drives it, so
 * that int128/kubelogin and we read each other's items: a generic password with service and
 * account, written through {@code security -i} (the value never appears in a process list) as
 * {@code go-keyring-base64:} and the Base64 of the value; read back from any of go-keyring's three
 * forms (that one, {@code go-keyring-encoded:} and hex, or raw).
 *
 * <p>{@code security -i} reads commands of at most {@value #MAX_COMMAND} characters, which bounds a
 * value at about 3 KB (int128 #1255); a larger one fails with a message saying so rather than being
 * cut. macOS may show a dialog asking to allow access to an item; a call waits for it at most
 * {@link #WAIT_SECONDS} seconds.
 */
final class MacKeychain implements Keyring {
  static final Path SECURITY = Path.of("/usr/bin/security");
  static final int MAX_COMMAND = 4096;
  static final long WAIT_SECONDS = 120;
  private static final String BASE64 = "go-keyring-base64:";
  private static final String HEX = "go-keyring-encoded:";
  private static final String NOT_FOUND = "could not be found";
  private static final String DESCRIPTION = "the macOS Keychain";

  private final Path security;

  MacKeychain(Path security) {
    this.security = security;
  }

  @Override
  public Optional<byte[]> read(String service, String account) {
    Result r = run(List.of("find-generic-password", "-s", service, "-wa", account), null);
    if (r.notFound()) {
      return Optional.empty();
    }
    r.check("read from");
    return Optional.of(decode(r.stdout.strip()));
  }

  @Override
  public void write(String service, String account, String label, byte[] value) {
    String command =
        "add-generic-password -U -s "
            + quote(service)
            + " -a "
            + quote(account)
            + " -w "
            + quote(BASE64 + Base64.getEncoder().encodeToString(value))
            + "\n";
    if (command.length() > MAX_COMMAND) {
      throw new KubeloginException(
          DESCRIPTION
              + " cannot take this token record: "
              + value.length
              + " bytes encode to a security command of "
              + command.length()
              + " characters, and security -i reads at most "
              + MAX_COMMAND
              + ". Large ID tokens (many groups) do not fit; use --token-cache-storage=disk");
    }
    run(List.of("-i"), command).check("write to");
  }

  @Override
  public void delete(String service, String account) {
    Result r = run(List.of("delete-generic-password", "-s", service, "-a", account), null);
    if (!r.notFound()) {
      r.check("delete from");
    }
  }

  @Override
  public int deleteAll(String service) {
    int deleted = 0;
    while (true) {
      Result r = run(List.of("delete-generic-password", "-s", service), null);
      if (r.notFound()) {
        return deleted;
      }
      r.check("delete from");
      deleted++;
    }
  }

  @Override
  public String description() {
    return DESCRIPTION;
  }

  /** go-keyring's three forms of a stored value. */
  static byte[] decode(String stored) {
    if (stored.startsWith(BASE64)) {
      return Base64.getDecoder().decode(stored.substring(BASE64.length()));
    }
    if (stored.startsWith(HEX)) {
      return HexFormat.of().parseHex(stored.substring(HEX.length()));
    }
    return stored.getBytes(StandardCharsets.UTF_8);
  }

  /** A POSIX shell word, as go-keyring's shellescape quotes it for {@code security -i}. */
  static String quote(String s) {
    if (!s.isEmpty() && s.matches("[A-Za-z0-9@%+=:,./_-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }

  private Result run(List<String> arguments, String stdin) {
    List<String> argv = new ArrayList<>();
    argv.add(security.toString());
    argv.addAll(arguments);
    Process p;
    try {
      p = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      throw new KubeloginException(
          "keyring storage needs " + security + " (" + e.getMessage() + ")", e);
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The exit status below says what went wrong.
    }
    try {
      if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new KubeloginException(
            DESCRIPTION
                + " did not answer within "
                + WAIT_SECONDS
                + " s (is a dialog asking to allow access waiting?)");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new KubeloginException("interrupted while waiting for " + DESCRIPTION, e);
    }
  }

  private static CompletableFuture<String> drain(InputStream s) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (s) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        },
        r -> {
          Thread t = new Thread(r, "kubelogin-keychain-output");
          t.setDaemon(true);
          t.start();
        });
  }

  private static final class Result {
    final int status;
    final String stdout;
    final String stderr;

    Result(int status, String stdout, String stderr) {
      this.status = status;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    boolean notFound() {
      return status != 0 && (stderr.contains(NOT_FOUND) || stdout.contains(NOT_FOUND));
    }

    void check(String verb) {
      if (status != 0) {
        // stderr of security names the item and the error, never the value.
        throw new KubeloginException(
            "cannot "
                + verb
                + " "
                + DESCRIPTION
                + ": security exited "
                + status
                + ": "
                + stderr.strip());
      }
    }
  }
}
