package dev.kubelogin.azure;

import static dev.kubelogin.testing.FakeEntra.PASSWORD;
import static dev.kubelogin.testing.FakeEntra.PUBLIC_CLIENT;
import static dev.kubelogin.testing.FakeEntra.SERVER_ID;
import static dev.kubelogin.testing.FakeEntra.SPN_CLIENT;
import static dev.kubelogin.testing.FakeEntra.SPN_SECRET;
import static dev.kubelogin.testing.FakeEntra.TENANT;
import static dev.kubelogin.testing.FakeEntra.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kubelogin.testing.FakeEntraExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The msal4j-free cache reader on files msal4j itself wrote (against the fake Entra ID), and on
 * edits of them for every case where it must leave the decision to msal4j.
 */
class MsalCacheReaderTest {
  @TempDir Path cache;
  @RegisterExtension final FakeEntraExtension entra = FakeEntraExtension.create();
  Path file;
  Instant loggedIn;

  @BeforeEach
  void logInAsUserAndAsApp() throws IOException {
    loggedIn = Instant.now();
    provider(ropc()).build().token();
    provider(spn()).build().token();
    file = cache.resolve(MsalCacheFile.TOKENS);
  }

  private AzureTokenProvider.Builder provider(AzureOptions options) {
    return AzureTokenProvider.builder(options)
        .routeRequests(entra.get()::redirect)
        .environment(Map.of());
  }

  private AzureOptions options(String... args) {
    List<String> all =
        new ArrayList<>(List.of("--server-id", SERVER_ID, "--cache-dir", cache.toString()));
    all.addAll(List.of(args));
    return AzureOptions.parse(all, Map.of());
  }

  private AzureOptions ropc() {
    return options(
        "-l",
        "ropc",
        "--client-id",
        PUBLIC_CLIENT,
        "-t",
        TENANT,
        "--username",
        USER,
        "--password",
        PASSWORD);
  }

  private AzureOptions spn() {
    return options(
        "-l", "spn", "--client-id", SPN_CLIENT, "-t", TENANT, "--client-secret", SPN_SECRET);
  }

  private AzureOptions deviceCode() {
    return options("-l", "devicecode", "--client-id", PUBLIC_CLIENT, "-t", TENANT);
  }

  private Optional<String> find(AzureOptions options) {
    return MsalCacheReader.find(file, options, loggedIn).map(r -> r.accessToken);
  }

  /** Rewrites every entry of {@code section} in the cache file. */
  private void edit(String section, Consumer<JsonObject> change) throws IOException {
    JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    for (var e : root.getAsJsonObject(section).entrySet()) {
      change.accept(e.getValue().getAsJsonObject());
    }
    Files.writeString(file, root.toString());
  }

  @Test
  void findsTheTokensMsal4jWrote_forUserAndAppLogins() {
    assertThat(find(ropc())).hasValueSatisfying(t -> assertThat(t).startsWith("user-at-"));
    assertThat(find(deviceCode())).hasValueSatisfying(t -> assertThat(t).startsWith("user-at-"));
    assertThat(find(spn())).hasValueSatisfying(t -> assertThat(t).startsWith("app-at-"));
    assertThat(MsalCacheReader.find(file, spn(), loggedIn).orElseThrow().expiresOn)
        .isAfter(loggedIn.plusSeconds(3000));
  }

  @Test
  void otherClientTenantScopeUserOrCloud_isNotFound() {
    assertThat(
            find(
                options("-l", "spn", "--client-id", "other", "-t", TENANT, "--client-secret", "s")))
        .isEmpty();
    assertThat(
            find(
                options(
                    "-l",
                    "spn",
                    "--client-id",
                    SPN_CLIENT,
                    "-t",
                    "other-tenant",
                    "--client-secret",
                    "s")))
        .isEmpty();
    assertThat(
            find(
                options(
                    "-l",
                    "spn",
                    "--client-id",
                    SPN_CLIENT,
                    "-t",
                    TENANT,
                    "--client-secret",
                    "s",
                    "--server-id",
                    "other-server")))
        .isEmpty();
    assertThat(
            find(
                options(
                    "-l",
                    "ropc",
                    "--client-id",
                    PUBLIC_CLIENT,
                    "-t",
                    TENANT,
                    "--username",
                    "bob@example.test",
                    "--password",
                    "p")))
        .isEmpty();
    assertThat(
            find(
                options(
                    "-l",
                    "spn",
                    "--client-id",
                    SPN_CLIENT,
                    "-t",
                    TENANT,
                    "--client-secret",
                    "s",
                    "--environment",
                    "AzureChinaCloud")))
        .isEmpty();
    assertThat(
            find(options("-l", "devicecode", "--client-id", PUBLIC_CLIENT, "-t", "organizations")))
        .isEmpty();
  }

  @Test
  void aliasOfTheAuthorityHost_isTheSameCloud() throws IOException {
    edit("AccessToken", at -> at.addProperty("environment", "login.microsoftonline.com"));
    assertThat(find(spn())).isPresent();
    edit("AccessToken", at -> at.addProperty("environment", "login.chinacloudapi.cn"));
    assertThat(find(spn())).isEmpty();
  }

  @Test
  void customAuthorityHost_matchesWithOrWithoutItsPort() throws IOException {
    AzureOptions stack =
        options(
            "-l",
            "spn",
            "--client-id",
            SPN_CLIENT,
            "-t",
            TENANT,
            "--client-secret",
            "s",
            "--authority-host",
            "https://127.0.0.1:8443/",
            "--disable-instance-discovery");
    edit("AccessToken", at -> at.addProperty("environment", "127.0.0.1")); // discovery off
    assertThat(find(stack)).isPresent();
    edit("AccessToken", at -> at.addProperty("environment", "127.0.0.1:8443"));
    assertThat(find(stack)).isPresent();
    edit("AccessToken", at -> at.addProperty("environment", "127.0.0.2"));
    assertThat(find(stack)).isEmpty();
    assertThat(find(spn())).isEmpty();
  }

  @Test
  void tokenWithinFiveMinutesOfExpiry_orPastRefreshOn_isLeftToMsal4j() throws IOException {
    long now = loggedIn.getEpochSecond();
    edit("AccessToken", at -> at.addProperty("expires_on", String.valueOf(now + 299)));
    assertThat(find(spn())).isEmpty();
    edit("AccessToken", at -> at.addProperty("expires_on", String.valueOf(now + 301)));
    assertThat(find(spn())).isPresent();
    edit("AccessToken", at -> at.addProperty("refresh_on", String.valueOf(now - 1)));
    assertThat(find(spn())).isEmpty();
    edit("AccessToken", at -> at.addProperty("refresh_on", String.valueOf(now + 60)));
    assertThat(find(spn())).isPresent();
  }

  @Test
  void popOrOnBehalfOfEntries_areNotBearerTokensForUs() throws IOException {
    edit("AccessToken", at -> at.addProperty("token_type", "pop"));
    assertThat(find(spn())).isEmpty();
    edit("AccessToken", at -> at.remove("token_type"));
    edit("AccessToken", at -> at.addProperty("user_assertion_hash", "h"));
    assertThat(find(spn())).isEmpty();
  }

  @Test
  void twoCachedAccounts_publicClientLeftToMsal4j_appTokenStillServed() throws IOException {
    String original = Files.readString(file);
    for (String other : List.of("aaron", "bob", "zoe")) { // either side of alice, in any order
      JsonObject root = JsonParser.parseString(original).getAsJsonObject();
      JsonObject account =
          root.getAsJsonObject("Account").entrySet().iterator().next().getValue().getAsJsonObject();
      JsonObject copy = account.deepCopy();
      copy.addProperty("home_account_id", other + "-oid." + TENANT);
      copy.addProperty("username", other + "@example.test");
      root.getAsJsonObject("Account").add(other, copy);
      Files.writeString(file, root.toString());

      assertThat(find(deviceCode())).as(other).isEmpty();
      assertThat(find(spn())).as(other).isPresent();
    }
  }

  @Test
  void malformedMissingOrOddFiles_areNotFound() throws IOException {
    for (String content :
        List.of("", "{", "[]", "null", "{\"AccessToken\":[]}", "{\"AccessToken\":{\"k\":\"v\"}}")) {
      Files.writeString(file, content);
      assertThat(find(spn())).as(content).isEmpty();
    }
    Files.delete(file);
    assertThat(find(spn())).isEmpty();
  }

  @Test
  void garbledExpiry_isNotFound() throws IOException {
    edit("AccessToken", at -> at.addProperty("expires_on", "soon"));
    assertThat(find(spn())).isEmpty();
  }

  @Test
  void fileLargerThanTheCap_isLeftToMsal4jUnread() throws IOException {
    padPastTheCap(file);

    assertThat(find(spn())).isEmpty(); // the same cache, smaller, is found (first test)
  }

  /** Appends spaces to {@code file} until it is one byte over the 64 MiB cap: still valid JSON. */
  static void padPastTheCap(Path file) throws IOException {
    byte[] spaces = new byte[1024 * 1024];
    java.util.Arrays.fill(spaces, (byte) ' ');
    try (java.io.OutputStream out =
        Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
      long size = Files.size(file);
      while (size <= MsalCacheFile.MAX_BYTES) {
        int n = (int) Math.min(spaces.length, MsalCacheFile.MAX_BYTES + 1 - size);
        out.write(spaces, 0, n);
        size += n;
      }
    }
  }
}
