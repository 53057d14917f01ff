package dev.kubelogin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.resolve.PluginCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link PreparedResponse} writes, and when it writes nothing. */
class PreparedResponseTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00.500Z");
  private static final String LINE = "{\"kind\":\"ExecCredential\",\"status\":{\"token\":\"t\"}}";
  private static final Map<String, String> ENV =
      Map.of("KUBERNETES_EXEC_INFO", "{\"spec\":{\"interactive\":false}}", "HOME", "/home/a");
  private static final Set<String> NAMES = new TreeSet<>(List.of("HOME", "KUBECACHEDIR"));
  private static final List<String> ARGV = List.of("get-token", "--oidc-client-id=k");
  @TempDir Path dir;
  private Path responses;
  private Path tokens;
  private PluginCache cache;
  private final KubectlRetry noRecord = KubectlRetry.of(null, "k", false, Optional.empty());

  @BeforeEach
  void tokenFile() throws Exception {
    responses = dir.resolve("responses");
    Files.createDirectories(responses);
    tokens = dir.resolve("tokens");
    Files.writeString(tokens, "{}");
    Files.setLastModifiedTime(tokens, FileTime.from(Instant.parse("2026-06-01T11:00:00Z")));
    cache = PluginCache.of(dir, tokens, Duration.ofSeconds(10));
  }

  private Optional<Path> write(Map<String, String> env, PluginCache cache, AccessToken token) {
    return PreparedResponse.write(responses, ARGV, env, NAMES, cache, token, NOW, LINE, noRecord);
  }

  @Test
  void cacheHit_writesTheLauncherFormat_asOldAsTheTokenFile() throws Exception {
    AccessToken token = AccessToken.bearer("t", NOW.plusSeconds(3600));

    Path response = write(ENV, cache, token).orElseThrow();

    String key = PreparedResponse.key(ARGV, ENV, NAMES);
    assertThat(key).matches("[0-9a-f]{64}");
    assertThat(Files.readAllLines(response, StandardCharsets.UTF_8))
        .containsExactly(
            PreparedResponse.FORMAT,
            key,
            Long.toString(NOW.plusSeconds(3600 - 10).getEpochSecond()),
            tokens.toString(),
            "",
            "",
            "",
            LINE);
    assertThat(response.getFileName().toString()).isEqualTo("get-token-" + key + ".response");
    assertThat(Files.getLastModifiedTime(response)).isEqualTo(Files.getLastModifiedTime(tokens));
    assertThat(Files.readString(responses.resolve(key))).isEqualTo(response + "\n");
    assertThat(Files.readString(responses.resolve("environment"))).isEqualTo("HOME KUBECACHEDIR\n");
  }

  @Test
  void key_unsetAndEmptyDiffer_orderOfArgumentsCounts() {
    Map<String, String> empty = Map.of("HOME", "/home/a", "KUBECACHEDIR", "");
    Map<String, String> unset = Map.of("HOME", "/home/a");

    assertThat(PreparedResponse.key(ARGV, empty, NAMES))
        .isNotEqualTo(PreparedResponse.key(ARGV, unset, NAMES));
    assertThat(PreparedResponse.key(List.of("a", "b"), unset, NAMES))
        .isNotEqualTo(PreparedResponse.key(List.of("b", "a"), unset, NAMES))
        .isNotEqualTo(PreparedResponse.key(List.of("ab"), unset, NAMES));
  }

  @Test
  void nothingWithoutExecInfo_tokenFile_orASecondToServe() {
    AccessToken hour = AccessToken.bearer("t", NOW.plusSeconds(3600));
    AccessToken expiring = AccessToken.bearer("t", NOW.plusSeconds(11));
    AccessToken refreshDue = hour.toBuilder().refreshAt(NOW.plusMillis(400)).build();

    assertThat(write(Map.of("HOME", "/home/a"), cache, hour)).isEmpty();
    assertThat(write(ENV, PluginCache.of(dir), hour)).isEmpty();
    assertThat(write(ENV, cache, expiring)).isEmpty();
    assertThat(write(ENV, cache, refreshDue)).isEmpty();
    assertThat(write(ENV, cache, AccessToken.bearer("t", null))).isEmpty();
    assertThat(responses.toFile().list()).isEmpty();
  }

  @Test
  void aTokenFileThatIsGone_writesNothing() throws Exception {
    Files.delete(tokens);

    assertThat(write(ENV, cache, AccessToken.bearer("t", NOW.plusSeconds(3600)))).isEmpty();
    assertThat(responses.toFile().list()).isEmpty();
  }
}
