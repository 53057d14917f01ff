package dev.kubelogin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kubelogin.core.store.FileTokenStore;
import dev.kubelogin.oidc.GetTokenOptions;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetTokenTest {
  private static final String V1_INFO =
      "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
          + "\"spec\":{\"interactive\":false}}";
  private static TestIdp idp;
  @TempDir Path home;

  @BeforeAll
  static void start() {
    idp = new TestIdp(3600);
  }

  @AfterAll
  static void stop() {
    idp.close();
  }

  /** An unsigned JWT: the cache-hit path reads exp without verifying, as int128 does. */
  static String jwt(Instant exp) {
    Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
    String payload =
        "{\"iss\":\"https://issuer.example\",\"sub\":\"alice\",\"exp\":"
            + exp.getEpochSecond()
            + "}";
    return b.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + ".c2ln";
  }

  /** Writes {@code idToken} where int128's get-token with {@code args} looks for it. */
  static void cache(Path home, List<String> args, String idToken) {
    GetTokenOptions o = GetTokenOptions.parse(args);
    FileTokenStore.create(o.cacheDirectory(Map.of(), home), CachedTokens.CODEC)
        .store(o.cacheKey(home).fileName(), new CachedTokens(idToken, null));
  }

  private static JsonObject json(String line) {
    return JsonParser.parseString(line).getAsJsonObject();
  }

  @Test
  void int128Flags_cacheHit_printsOneV1beta1LineAndNothingOnStderr() {
    List<String> args =
        List.of("--oidc-issuer-url=https://issuer.example", "--oidc-client-id=kubernetes");
    Instant exp = Instant.parse("2099-01-01T00:00:00Z");
    String token = jwt(exp);
    cache(home, args, token);

    CliRun run = CliRun.of(home, Map.of(), concat("get-token", args));

    assertThat(run.exit()).isZero();
    assertThat(run.stderr()).isEmpty();
    assertThat(run.stdout()).endsWith("}\n").doesNotContain("}\n{");
    JsonObject cred = json(run.stdout());
    assertThat(cred.get("apiVersion").getAsString())
        .isEqualTo("client.authentication.k8s.io/v1beta1");
    assertThat(cred.getAsJsonObject("status").get("token").getAsString()).isEqualTo(token);
    assertThat(cred.getAsJsonObject("status").get("expirationTimestamp").getAsString())
        .isEqualTo("2099-01-01T00:00:00Z");
  }

  @Test
  void clientCert_printedBesideTheTokenAsPem() throws Exception {
    Path cert =
        Files.writeString(home.resolve("client.crt"), "-----BEGIN CERTIFICATE-----\nAA==\n");
    Path key = Files.writeString(home.resolve("client.key"), "-----BEGIN PRIVATE KEY-----\nBB==\n");
    List<String> args =
        List.of(
            "--oidc-issuer-url=https://issuer.example",
            "--oidc-client-id=kubernetes",
            "--client-cert=" + cert,
            "--client-key=" + key);
    String token = jwt(Instant.parse("2099-01-01T00:00:00Z"));
    cache(home, args, token);

    CliRun run = CliRun.of(home, Map.of(), concat("get-token", args));

    assertThat(run.exit()).as(run.stderr()).isZero();
    JsonObject status = json(run.stdout()).getAsJsonObject("status");
    assertThat(status.get("token").getAsString()).isEqualTo(token);
    assertThat(status.get("clientCertificateData").getAsString())
        .isEqualTo("-----BEGIN CERTIFICATE-----\nAA==\n");
    assertThat(status.get("clientKeyData").getAsString())
        .isEqualTo("-----BEGIN PRIVATE KEY-----\nBB==\n");
  }

  @Test
  void clientCertWithoutKey_failsNamingBoth() {
    CliRun run =
        CliRun.of(
            home,
            Map.of(),
            List.of(
                "get-token",
                "--oidc-issuer-url=https://issuer.example",
                "--oidc-client-id=kubernetes",
                "--client-cert=/x.crt"));

    assertThat(run.exit()).isNotZero();
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("--client-cert and --client-key must be given together");
  }

  @Test
  void oidcLoginProgram_execInfoV1_echoesV1() {
    List<String> args =
        List.of("--oidc-issuer-url", "https://issuer.example", "--oidc-client-id", "kubernetes");
    cache(home, args, jwt(Instant.parse("2099-01-01T00:00:00Z")));

    CliRun run =
        CliRun.of(
            home, Map.of("KUBERNETES_EXEC_INFO", V1_INFO), concat("oidc-login", "get-token", args));

    assertThat(run.exit()).isZero();
    assertThat(json(run.stdout()).get("apiVersion").getAsString())
        .isEqualTo("client.authentication.k8s.io/v1");
  }

  @Test
  void mixedFlags_failWithBothNamed() {
    CliRun run =
        CliRun.of(
            home,
            Map.of(),
            List.of("get-token", "--oidc-issuer-url=https://i", "--login", "spn", "-t", "x"));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr())
        .startsWith("error: get-token: --oidc-issuer-url is an OpenID Connect flag")
        .contains("--login a Microsoft Entra ID flag");
  }

  @Test
  void noFlags_sayWhichFlagsToGive() {
    CliRun run = CliRun.of(home, Map.of(), List.of("get-token"));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stderr()).contains("give --oidc-issuer-url").contains("--server-id");
  }

  @Test
  void oidcLoginProgram_azureFlag_isUnknown() {
    CliRun run = CliRun.of(home, Map.of(), List.of("oidc-login", "get-token", "--server-id=x"));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stderr()).isEqualTo("error: get-token: unknown flag: --server-id\n");
  }

  @Test
  void notInteractive_browserLoginNeeded_failsFastNamingTheCommandWithSecretHidden()
      throws Exception {
    idp.takeTokenRequests();
    CliRun run =
        CliRun.of(
            home,
            Map.of("KUBERNETES_EXEC_INFO", V1_INFO),
            List.of(
                "get-token",
                "--oidc-issuer-url=" + idp.issuer(),
                "--oidc-client-id=kubernetes",
                "--oidc-client-secret",
                "s3cr3t"));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr())
        .startsWith("error: login required for " + idp.issuer())
        .contains("run `kubelogin get-token --oidc-issuer-url=")
        .contains("--oidc-client-secret ***")
        .doesNotContain("s3cr3t");
    assertThat(idp.takeTokenRequests()).isZero();
  }

  @Test
  void sameParentRunsAgainWithTheTokenItGot_refreshesOnce() throws Exception {
    List<String> args = passwordGrant();
    idp.takeTokenRequests();

    String first = token(CliRun.of(home, Map.of("KUBERNETES_EXEC_INFO", V1_INFO), args));
    String second = token(CliRun.of(home, Map.of("KUBERNETES_EXEC_INFO", V1_INFO), args));

    assertThat(second).isNotEqualTo(first);
    assertThat(idp.takeTokenRequests()).isEqualTo(2);
  }

  @Test
  void sameParentOtherInteractiveMode_isNotARetry() throws Exception {
    List<String> args = passwordGrant();
    String interactive = V1_INFO.replace("false", "true");

    String first = token(CliRun.of(home, Map.of("KUBERNETES_EXEC_INFO", V1_INFO), args));
    String second = token(CliRun.of(home, Map.of("KUBERNETES_EXEC_INFO", interactive), args));

    assertThat(second).isEqualTo(first);
  }

  @Test
  void shellRunsTwice_isNotARetry() throws Exception {
    List<String> args = passwordGrant();
    KubectlRetry.Parent shell =
        new KubectlRetry.Parent(77, Instant.parse("2026-01-01T00:00:00Z"), "/bin/bash");

    String first = token(CliRun.of(home, Map.of("KUBERNETES_EXEC_INFO", V1_INFO), args, shell));
    String second = token(CliRun.of(home, Map.of("KUBERNETES_EXEC_INFO", V1_INFO), args, shell));

    assertThat(second).isEqualTo(first);
  }

  /** get-token with the password grant: no person needed, so it logs in when not interactive. */
  private static List<String> passwordGrant() {
    return List.of(
        "get-token",
        "--oidc-issuer-url=" + idp.issuer(),
        "--oidc-client-id=kubernetes",
        "--grant-type=password",
        "--username=alice",
        "--password=pw");
  }

  private static String token(CliRun run) {
    assertThat(run.exit()).as(run.stderr()).isZero();
    return json(run.stdout()).getAsJsonObject("status").get("token").getAsString();
  }

  @Test
  void clean_deletesTheOidcCacheDirectory() throws Exception {
    Path dir = home.resolve(".kube/cache/oidc-login");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("x"), "{}");

    CliRun run = CliRun.of(home, Map.of(), List.of("oidc-login", "clean"));

    assertThat(run.exit()).isZero();
    assertThat(dir).doesNotExist();
    assertThat(run.stderr())
        .startsWith(
            "Deleted the token cache from "
                + dir
                + "\nCould not delete the token cache from the keyring: keyring storage needs the"
                + " Secret Service");
  }

  @Test
  void removeCacheDir_deletesTheAzureCacheDirectory() throws Exception {
    Path dir = home.resolve("azure-cache");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("msal_token_cache.json"), "{}");

    CliRun run =
        CliRun.of(home, Map.of("KUBECACHEDIR", dir.toString()), List.of("remove-cache-dir"));

    assertThat(run.exit()).isZero();
    assertThat(dir).doesNotExist();
  }

  @Test
  void versionHelpAndCompletion() {
    assertThat(CliRun.of(home, Map.of(), List.of("version")).stdout())
        .startsWith("kubelogin version ");
    CliRun help = CliRun.of(home, Map.of(), List.of("get-token", "--help"));
    assertThat(help.exit()).isZero();
    assertThat(help.stdout()).contains("--oidc-issuer-url=URL").contains("--server-id=ID");
    assertThat(CliRun.of(home, Map.of(), List.of("completion", "bash")).stdout())
        .contains("get-token")
        .contains("convert-kubeconfig");
    CliRun bad = CliRun.of(home, Map.of(), List.of("completion", "fish"));
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.stderr()).contains("use bash or zsh");
  }

  @Test
  void unknownCommand_failsWithHelpHint() {
    CliRun run = CliRun.of(home, Map.of(), List.of("bogus"));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stderr()).contains("bogus").contains("kubelogin --help");
  }

  static List<String> concat(String first, List<String> rest) {
    return concat(first, null, rest);
  }

  static List<String> concat(String first, String second, List<String> rest) {
    List<String> all = new java.util.ArrayList<>();
    all.add(first);
    if (second != null) {
      all.add(second);
    }
    all.addAll(rest);
    return all;
  }
}
