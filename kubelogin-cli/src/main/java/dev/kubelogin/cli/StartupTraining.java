package dev.kubelogin.cli;

import dev.kubelogin.core.exec.ExecCredentialCodec;
import dev.kubelogin.core.store.FileTokenStore;
import dev.kubelogin.oidc.GetTokenOptions;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The workload the launcher records its start-up cache from (the JDK's AOT cache or an AppCDS class
 * list): a cache-hit {@code get-token} as kubectl runs it, in int128's form (both launchers) and in
 * Azure's service-principal form, served from tokens it writes into a temporary home directory —
 * whichever tool a user runs first, the cache covers both. Prints nothing; exits non-zero when a
 * form fails, so that no cache is built from a broken run.
 */
final class StartupTraining {
  private static final String EXEC_INFO =
      "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
          + "\"spec\":{\"interactive\":false}}";
  private static final String TENANT = "00000000-0000-0000-0000-000000000001";
  private static final String SERVER = "00000000-0000-0000-0000-000000000002";
  private static final long FAR = 4070908800L; // 2099

  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    Path home = Files.createTempDirectory("kubelogin-training");
    int failed;
    try {
      failed = train(home);
    } finally {
      delete(home);
    }
    System.exit(failed);
  }

  /** Runs each form once from {@code home}; returns how many failed. */
  static int train(Path home) throws IOException {
    List<String> oidc =
        List.of("--oidc-issuer-url=https://issuer.invalid", "--oidc-client-id=training");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String jwt =
        b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(
                ("{\"sub\":\"training\",\"iat\":1700000000,\"exp\":" + FAR + "}")
                    .getBytes(StandardCharsets.UTF_8))
            + ".c2ln";
    GetTokenOptions options = GetTokenOptions.parse(oidc);
    FileTokenStore.create(options.cacheDirectory(Map.of(), home), CachedTokens.CODEC)
        .store(options.cacheKey(home).fileName(), new CachedTokens(jwt, "training-refresh"));
    Path azure = home.resolve(".kube/cache/kubelogin");
    Files.createDirectories(azure);
    Files.writeString(
        azure.resolve("msal_token_cache.json"),
        "{\"AccessToken\":{\"k\":{\"environment\":\"login.windows.net\","
            + "\"credential_type\":\"AccessToken\",\"client_id\":\"training\","
            + "\"secret\":\"training-token\",\"realm\":\""
            + TENANT
            + "\",\"target\":\""
            + SERVER
            + "/.default\",\"cached_at\":\"1700000000\",\"expires_on\":\""
            + FAR
            + "\"}}}");

    List<List<String>> forms = new ArrayList<>();
    forms.add(concat(List.of("get-token"), oidc));
    forms.add(concat(List.of("oidc-login", "get-token"), oidc));
    forms.add(
        List.of(
            "get-token",
            "--login",
            "spn",
            "--server-id",
            SERVER,
            "--client-id",
            "training",
            "--tenant-id",
            TENANT,
            "--client-secret",
            "unused"));
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true);
    Io io =
        new Io(
            nowhere,
            nowhere,
            Map.of("HOME", home.toString(), ExecCredentialCodec.EXEC_INFO_ENV, EXEC_INFO),
            home,
            false,
            Optional::empty,
            Clock.systemUTC(),
            Optional.of(home.resolve("responses")));
    int failed = 0;
    for (List<String> form : forms) {
      failed += Main.run(form, io);
    }
    return failed;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
