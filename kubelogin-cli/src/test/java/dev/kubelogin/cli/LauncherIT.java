package dev.kubelogin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/kubelogin's start-up cache on the running JDK: made by the first get-token, used afterwards,
 * rebuilt when a jar is newer or the cache belongs to another JDK or installation. {@code
 * KUBELOGIN_STARTUP_CACHE=sync} makes the build finish before the command exits.
 */
class LauncherIT {
  private static final Path DIST = Path.of(System.getProperty("kubelogin.dist", "missing"));
  private static final List<String> ARGS =
      List.of("--oidc-issuer-url=https://issuer.example", "--oidc-client-id=kubernetes");
  @TempDir Path home;

  private Path cache() {
    int major = Runtime.version().feature();
    return home.resolve("xdg/kubelogin/startup-jdk" + major + (major >= 25 ? ".aot" : ".jsa"));
  }

  private String getToken(String mode) throws Exception {
    return getToken(
        Map.of(
            "HOME", home.toString(),
            "XDG_CACHE_HOME", home.resolve("xdg").toString(),
            "JAVA_HOME", System.getProperty("java.home"),
            "KUBELOGIN_STARTUP_CACHE", mode));
  }

  private String getToken(Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>(List.of(DIST.resolve("bin/kubelogin").toString()));
    command.addAll(GetTokenTest.concat("get-token", ARGS));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().putAll(env);
    pb.redirectOutput(home.resolve("out").toFile()).redirectError(home.resolve("err").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String err = Files.readString(home.resolve("err"));
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(err).isEmpty();
    String out = Files.readString(home.resolve("out"));
    assertThat(out).startsWith("{\"kind\":\"ExecCredential\"").endsWith("}\n");
    return out;
  }

  @Test
  void firstGetTokenBuildsTheCache_laterRunsKeepIt_staleOrForeignIsRebuilt() throws Exception {
    GetTokenTest.cache(home, ARGS, GetTokenTest.jwt(Instant.parse("2099-01-01T00:00:00Z")));
    String expected = getToken("sync");
    assertThat(cache()).isNotEmptyFile();
    FileTime built = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    // jars older than the cache: the cache is valid and kept
    Files.setLastModifiedTime(cache(), FileTime.from(Instant.parse("2099-01-01T00:00:00Z")));
    assertThat(getToken("sync")).isEqualTo(expected);
    assertThat(Files.getLastModifiedTime(cache()).toInstant())
        .isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));

    // a jar newer than the cache: rebuilt
    Files.setLastModifiedTime(cache(), built);
    assertThat(getToken("sync")).isEqualTo(expected);
    assertThat(Files.getLastModifiedTime(cache())).isNotEqualTo(built);

    // another JDK's or installation's cache: rebuilt, and the run still succeeds
    Path key = Path.of(cache() + ".key");
    Files.writeString(key, "/opt/other-jdk 17.0.1 /opt/other-kubelogin\n");
    Files.write(cache(), new byte[] {1, 2, 3});
    assertThat(getToken("sync")).isEqualTo(expected);
    assertThat(Files.readString(key)).contains(System.getProperty("java.home"));
    assertThat(Files.size(cache())).isGreaterThan(3);
  }

  /** Whether the last run with {@link #logClasses} loaded our main class from the cache. */
  private boolean mainFromStartupCache(Path log) throws IOException {
    return Files.readAllLines(log).stream()
        .anyMatch(l -> l.contains(" dev.kubelogin.cli.Main source: shared objects file"));
  }

  private Map<String, String> logClasses(Path log) {
    return Map.of(
        "HOME", home.toString(),
        "XDG_CACHE_HOME", home.resolve("xdg").toString(),
        "JAVA_HOME", System.getProperty("java.home"),
        "KUBELOGIN_STARTUP_CACHE", "sync",
        "KUBELOGIN_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
  }

  @Test
  void cacheOfAnotherUser_notLoaded() throws Exception {
    GetTokenTest.cache(home, ARGS, GetTokenTest.jwt(Instant.parse("2099-01-01T00:00:00Z")));
    Path log = home.resolve("classes.log");
    getToken(logClasses(log)); // builds the cache
    Files.setLastModifiedTime(cache(), FileTime.from(Instant.parse("2099-01-01T00:00:00Z")));
    Files.deleteIfExists(log);
    getToken(logClasses(log));
    assertThat(mainFromStartupCache(log)).as("our own cache is used").isTrue();

    try {
      UserPrincipal nobody =
          home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.setOwner(cache(), nobody);
    } catch (IOException e) {
      Assumptions.abort("cannot give a file to another user here: " + e);
    }
    Files.deleteIfExists(log);
    getToken(logClasses(log));

    assertThat(mainFromStartupCache(log)).as("another user's cache is not").isFalse();
  }

  @Test
  void noHomeAndNoXdgCacheHome_noCacheAnywhere() throws Exception {
    GetTokenTest.cache(home, ARGS, GetTokenTest.jwt(Instant.parse("2099-01-01T00:00:00Z")));
    String expected = getToken("sync");
    Path tmpCache = Path.of("/tmp/.cache/kubelogin");
    boolean existed = Files.exists(tmpCache);

    // Without HOME the token cache is not found either, so the run fails; what matters here is
    // that no start-up cache was made in a shared place.
    List<String> command = new ArrayList<>(List.of(DIST.resolve("bin/kubelogin").toString()));
    command.addAll(GetTokenTest.concat("get-token", ARGS));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment()
        .putAll(
            Map.of(
                "PATH", "/usr/bin:/bin",
                "JAVA_HOME", System.getProperty("java.home"),
                "KUBELOGIN_STARTUP_CACHE", "sync"));
    pb.redirectOutput(home.resolve("out2").toFile()).redirectError(home.resolve("err2").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();

    assertThat(expected).startsWith("{\"kind\":\"ExecCredential\"");
    if (!existed) {
      assertThat(tmpCache).doesNotExist();
    }
  }
}
