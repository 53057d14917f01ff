package dev.kubelogin.cli;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.exec.ExecCredentialCodec;
import dev.kubelogin.core.resolve.PluginCache;
import dev.kubelogin.core.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code get-token} printed, kept so that the POSIX launcher can print it again without
 * starting Java while the Java path would print the same: the launcher's fast path for the cache
 * hit kubectl asks for on every command. Java decides everything; the launcher only compares.
 *
 * <p>Files (all 0600, directories 0700):
 *
 * <ul>
 *   <li>{@code <responses>/environment}: the names of the environment variables in the key, one
 *       line, space-separated — every variable that changes what a credential plugin serves ({@link
 *       dev.kubelogin.core.resolve.KubeconfigResolver#environmentVariables()}).
 *   <li>{@code <responses>/<key>}: the path of the prepared response, one line.
 *   <li>{@code <plugin cache directory>/get-token-<key>.response}, beside the token cache, so that
 *       {@code clean}, {@code remove-cache-dir} or deleting the directory remove it with the tokens
 *       (it holds nothing the token cache does not): {@link #FORMAT}; the key; the second until
 *       which it may be served; the token file, which must exist and not be newer than the response
 *       (the response's modification time is set to the token file's); the working directory it
 *       needs (empty unless the cache path was relative); the {@link KubectlRetry} record and what
 *       the record holds after the token is served; the ExecCredential line.
 * </ul>
 *
 * <p>The key is the lower-case hex SHA-256 of the launcher's arguments, {@code
 * KUBERNETES_EXEC_INFO} and, for each variable named in {@code environment}, {@code =value} when it
 * is set and nothing when unset, each followed by a NUL byte. A response is written only for a call
 * with {@code KUBERNETES_EXEC_INFO} (so the interactive mode and exec API version are in the key)
 * whose token came from a plugin that serves stored tokens from a file ({@link
 * PluginCache#tokenFile()}), and only when it may be served for at least a second. Failures to
 * write are ignored: the next call takes the Java path.
 */
final class PreparedResponse {
  static final String FORMAT = "kubelogin prepared response 1";
  static final String ENVIRONMENT = "environment";

  private PreparedResponse() {}

  /** The key the launcher computes for {@code argv} under {@code env}. */
  static String key(List<String> argv, Map<String, String> env, Collection<String> names) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String arg : argv) {
        field(d, arg);
      }
      field(d, env.getOrDefault(ExecCredentialCodec.EXEC_INFO_ENV, ""));
      for (String name : names) {
        String value = env.get(name);
        field(d, value == null ? "" : "=" + value);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void field(MessageDigest d, String value) {
    d.update(value.getBytes(StandardCharsets.UTF_8));
    d.update((byte) 0);
  }

  /**
   * Keeps {@code line}, the ExecCredential just printed for {@code token}, when the launcher may
   * print it again; returns the response file written, or empty when none was.
   *
   * @param responses the launcher's directory of keys
   * @param argv the launcher's arguments
   * @param names the variables in the key, sorted
   */
  static Optional<Path> write(
      Path responses,
      List<String> argv,
      Map<String, String> env,
      Collection<String> names,
      PluginCache cache,
      AccessToken token,
      Instant now,
      String line,
      KubectlRetry retry) {
    if (env.getOrDefault(ExecCredentialCodec.EXEC_INFO_ENV, "").isBlank()
        || cache.tokenFile().isEmpty()
        || line.indexOf('\n') >= 0) {
      return Optional.empty();
    }
    Optional<Instant> until = cache.servedUntil(token);
    if (until.isEmpty() || until.get().getEpochSecond() <= now.getEpochSecond() + 1) {
      return Optional.empty();
    }
    Path tokenFile = cache.tokenFile().get();
    String cwd = "";
    if (!tokenFile.isAbsolute() || !cache.directory().isAbsolute()) {
      cwd = Path.of("").toAbsolutePath().toString();
    }
    Path directory = cache.directory().toAbsolutePath();
    tokenFile = tokenFile.toAbsolutePath();
    String key = key(argv, env, names);
    Path response = directory.resolve("get-token-" + key + ".response");
    Optional<Path> record = retry.file().map(Path::toAbsolutePath);
    String content =
        String.join(
                "\n",
                FORMAT,
                key,
                Long.toString(until.get().getEpochSecond()),
                tokenFile.toString(),
                cwd,
                record.map(Path::toString).orElse(""),
                record.isPresent() ? retry.recordOf(token) : "",
                line)
            + "\n";
    if (content.chars().filter(c -> c == '\n').count() != 8) {
      return Optional.empty(); // a path with a line break: the launcher could not read it
    }
    try {
      FileTime tokenTime = Files.getLastModifiedTime(tokenFile, LinkOption.NOFOLLOW_LINKS);
      AtomicFiles.writePrivate(response, content.getBytes(StandardCharsets.UTF_8));
      Files.setLastModifiedTime(response, tokenTime);
      String environment = String.join(" ", names) + "\n";
      Path names0 = responses.resolve(ENVIRONMENT);
      if (!Files.isRegularFile(names0, LinkOption.NOFOLLOW_LINKS)
          || !Files.readString(names0, StandardCharsets.UTF_8).equals(environment)) {
        AtomicFiles.writePrivate(names0, environment.getBytes(StandardCharsets.UTF_8));
      }
      AtomicFiles.writePrivate(
          responses.resolve(key), (response + "\n").getBytes(StandardCharsets.UTF_8));
      return Optional.of(response);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // only an optimisation
    }
  }
}
