package dev.kubelogin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache-hit get-token in a fresh JVM, with {@code -verbose:class}: it must not load the HTTP
 * stack, msal4j, JOSE or the picocli model — the classes that make start-up slow.
 */
class CacheHitClassLoadingTest {
  private static final List<String> FORBIDDEN =
      List.of(
          "com.google.api.client.",
          "java.net.http.",
          "sun.net.www.protocol.http.",
          "com.microsoft.aad.msal4j.",
          "com.nimbusds.",
          "picocli.",
          "com.sun.jna.",
          "org.freedesktop.dbus.");

  @TempDir Path home;

  @Test
  void int128CacheHit_loadsNoHttpMsalJoseOrPicocliClasses() throws Exception {
    List<String> args =
        List.of("--oidc-issuer-url=https://issuer.example", "--oidc-client-id=kubernetes");
    GetTokenTest.cache(home, args, GetTokenTest.jwt(Instant.parse("2099-01-01T00:00:00Z")));

    List<String> loaded = run(GetTokenTest.concat("get-token", args));

    assertThat(loaded).anyMatch(c -> c.startsWith("dev.kubelogin.oidc.OidcTokenProvider"));
    assertThat(loaded).noneMatch(c -> FORBIDDEN.stream().anyMatch(c::startsWith));
  }

  @Test
  void azureServicePrincipalCacheHit_loadsNoHttpMsalJoseOrPicocliClasses() throws Exception {
    String tenant = "11111111-2222-3333-4444-555555555555";
    String server = "6dae42f8-4368-4678-94ff-3960e28e3630";
    Map<String, Object> at = new java.util.LinkedHashMap<>();
    at.put("environment", "login.windows.net");
    at.put("credential_type", "AccessToken");
    at.put("client_id", "spn-client");
    at.put("secret", "cached-app-token");
    at.put("realm", tenant);
    at.put("target", server + "/.default");
    at.put("cached_at", "1700000000");
    at.put("expires_on", "4070908800"); // 2099
    Path cacheDir = home.resolve(".kube/cache/kubelogin");
    Files.createDirectories(cacheDir);
    Files.writeString(
        cacheDir.resolve("msal_token_cache.json"),
        new com.google.gson.Gson().toJson(Map.of("AccessToken", Map.of("k", at))));

    List<String> loaded =
        run(
            List.of(
                "get-token",
                "--login",
                "spn",
                "--server-id",
                server,
                "--client-id",
                "spn-client",
                "--tenant-id",
                tenant,
                "--client-secret",
                "never-used"));

    assertThat(loaded).anyMatch(c -> c.startsWith("dev.kubelogin.azure.AzureTokenProvider"));
    assertThat(loaded).noneMatch(c -> FORBIDDEN.stream().anyMatch(c::startsWith));
    assertThat(Files.readString(home.resolve("stdout"))).contains("cached-app-token");
  }

  /** Runs Main in a new JVM; returns the names of the classes it loaded. */
  private List<String> run(List<String> args) throws Exception {
    CliRun run = CliRun.inNewJvm(home, List.of("-verbose:class"), args);
    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(run.stderr()).isEmpty();
    List<String> lines = run.stdout().lines().collect(Collectors.toList());
    assertThat(lines).anyMatch(l -> l.contains("{\"kind\":\"ExecCredential\""));
    return lines.stream()
        .filter(l -> l.contains("[class,load] "))
        .map(l -> l.substring(l.indexOf("[class,load] ") + "[class,load] ".length()).split(" ")[0])
        .collect(Collectors.toList());
  }
}
