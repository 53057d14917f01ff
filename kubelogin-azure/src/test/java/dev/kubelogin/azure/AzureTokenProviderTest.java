package dev.kubelogin.azure;

import static dev.kubelogin.testing.FakeEntra.PASSWORD;
import static dev.kubelogin.testing.FakeEntra.PUBLIC_CLIENT;
import static dev.kubelogin.testing.FakeEntra.SERVER_ID;
import static dev.kubelogin.testing.FakeEntra.SPN_CLIENT;
import static dev.kubelogin.testing.FakeEntra.SPN_SECRET;
import static dev.kubelogin.testing.FakeEntra.TENANT;
import static dev.kubelogin.testing.FakeEntra.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.CredentialUnavailableException;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.interactive.UserConsole;
import dev.kubelogin.testing.FakeEntraExtension;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AzureTokenProviderTest {
  private static final String[] ROPC = {
    "-l",
    "ropc",
    "--client-id",
    PUBLIC_CLIENT,
    "-t",
    TENANT,
    "--username",
    USER,
    "--password",
    PASSWORD
  };
  private static final String[] SPN = {
    "-l", "spn", "--client-id", SPN_CLIENT, "-t", TENANT, "--client-secret", SPN_SECRET
  };

  @TempDir Path cache;
  @RegisterExtension final FakeEntraExtension entra = FakeEntraExtension.create();

  @Test
  void requests_goThroughTheProxyTheEnvironmentNames() throws Exception {
    try (mockwebserver3.MockWebServer proxy = new mockwebserver3.MockWebServer()) {
      proxy.enqueue(new mockwebserver3.MockResponse.Builder().code(403).build());
      proxy.start(0);
      List<String> all =
          new ArrayList<>(List.of("--server-id", SERVER_ID, "--cache-dir", cache.toString()));
      all.addAll(List.of(SPN));
      AzureTokenProvider provider =
          AzureTokenProvider.builder(AzureOptions.parse(all, Map.of()))
              .environment(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.getPort()))
              .build();

      assertThatThrownBy(provider::token).isInstanceOf(AuthenticationFailedException.class);
      mockwebserver3.RecordedRequest connect = proxy.takeRequest(10, TimeUnit.SECONDS);
      assertThat(connect).isNotNull();
      assertThat(connect.getMethod()).isEqualTo("CONNECT");
      assertThat(connect.getTarget()).isEqualTo("login.microsoftonline.com:443");
    }
  }

  private AzureTokenProvider.Builder provider(String... args) {
    List<String> all =
        new ArrayList<>(List.of("--server-id", SERVER_ID, "--cache-dir", cache.toString()));
    all.addAll(List.of(args));
    return AzureTokenProvider.builder(AzureOptions.parse(all, Map.of()))
        .routeRequests(entra.get()::redirect)
        .environment(Map.of());
  }

  @Test
  void deviceCode_pendingThenSuccess_promptOnSinkAndTokenCachedAcrossProviders() {
    List<String> prompts = new ArrayList<>();
    entra.get().pendingPolls(1);
    AccessToken first =
        provider("-l", "devicecode", "--client-id", PUBLIC_CLIENT, "-t", TENANT)
            .console(UserConsole.nonInteractive(prompts::add))
            .build()
            .token();
    assertThat(first.value()).startsWith("user-at-");
    assertThat(first.type()).isEqualTo(AccessToken.Type.BEARER);
    assertThat(prompts).singleElement().asString().contains("ABCD-EFGH");
    assertThat(entra.get().tokenRequestCount("device_code")).isEqualTo(2);

    // a second provider (another process) reads the file cache: no prompt, no token request
    List<String> again = new ArrayList<>();
    int before = entra.get().tokenRequests().size();
    AccessToken second =
        provider("-l", "devicecode", "--client-id", PUBLIC_CLIENT, "-t", TENANT)
            .console(UserConsole.nonInteractive(again::add))
            .interactive(false)
            .build()
            .token();
    assertThat(second.value()).isEqualTo(first.value());
    assertThat(again).isEmpty();
    assertThat(entra.get().tokenRequests()).hasSize(before);
  }

  @Test
  void cacheFile_isPrivateAndInMsalUnifiedSchema() throws IOException {
    provider(ROPC).build().token();
    Path file = cache.resolve(MsalCacheFile.TOKENS);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String json = Files.readString(file);
    assertThat(json).contains("\"AccessToken\"", "\"RefreshToken\"", "\"Account\"", "\"IdToken\"");
    assertThat(json).doesNotContain(PASSWORD);
  }

  @Test
  void expiredAccessToken_refreshedSilentlyFromTheFileCache_inANewProvider() {
    entra
        .get()
        .accessTokenLifetime(
            Duration.ofSeconds(1)); // msal4j treats tokens within 5 minutes of expiry as stale
    provider(ROPC).build().token();
    AccessToken refreshed =
        provider("-l", "devicecode", "--client-id", PUBLIC_CLIENT, "-t", TENANT)
            .interactive(false)
            .build()
            .token();
    assertThat(refreshed.value()).startsWith("user-at-");
    assertThat(entra.get().tokenRequestCount("refresh_token")).isEqualTo(1);
    assertThat(entra.get().tokenRequestCount("device_code")).isZero();
  }

  @Test
  void deviceCode_nonInteractiveWithEmptyCache_failsAtOnceNamingTheCommand() {
    assertThatThrownBy(
            () ->
                provider("-l", "devicecode", "--client-id", PUBLIC_CLIENT, "-t", TENANT)
                    .interactive(false)
                    .build()
                    .token())
        .isInstanceOf(InteractionRequiredException.class)
        .hasMessageContaining("login required")
        .hasMessageContaining("kubelogin get-token");
    assertThat(entra.get().requests()).noneMatch(p -> p.contains("devicecode"));
  }

  @Test
  void deviceCode_expired_surfacesTheAadstsError() {
    entra.get().deviceCodeError("expired_token");
    assertThatThrownBy(
            () ->
                provider("-l", "devicecode", "--client-id", PUBLIC_CLIENT, "-t", TENANT)
                    .console(UserConsole.nonInteractive(m -> {}))
                    .build()
                    .token())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("expired_token");
  }

  @Test
  void deviceCode_declined_surfacesTheAadstsError() {
    entra.get().deviceCodeError("authorization_declined");
    assertThatThrownBy(
            () ->
                provider("-l", "devicecode", "--client-id", PUBLIC_CLIENT, "-t", TENANT)
                    .console(UserConsole.nonInteractive(m -> {}))
                    .build()
                    .token())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("authorization_declined");
  }

  @Test
  void interactive_formPostCallback_redeemsTheCodeWithPkce() {
    List<URI> opened = new ArrayList<>();
    AccessToken token =
        provider(
                "-l",
                "interactive",
                "--client-id",
                PUBLIC_CLIENT,
                "-t",
                TENANT,
                "--login-hint",
                USER)
            .browser(
                url -> {
                  opened.add(URI.create(url));
                  postCallback(url);
                })
            .build()
            .token();
    assertThat(token.value()).startsWith("user-at-");
    Map<String, String> query = query(opened.get(0).getRawQuery());
    assertThat(query)
        .containsEntry("response_mode", "form_post")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("login_hint", USER)
        .containsKey("state");
    assertThat(query.get("scope")).contains(SERVER_ID + "/.default");
    Map<String, String> redeem = entra.get().tokenRequests().get(0);
    assertThat(redeem)
        .containsEntry("grant_type", "authorization_code")
        .containsKey("code_verifier");
  }

  /** What a browser does after sign-in with response_mode=form_post: POST code and state. */
  static void postCallback(String authorizeUrl) {
    Map<String, String> q = query(URI.create(authorizeUrl).getRawQuery());
    String body =
        "code=auth-code-1&state="
            + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8)
            + "&client_info="
            + b64("{\"uid\":\"alice-oid\",\"utid\":\"" + TENANT + "\"}");
    CompletableFuture.runAsync(
        () -> {
          try {
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                URLDecoder.decode(q.get("redirect_uri"), StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
          } catch (IOException | InterruptedException e) {
            throw new RuntimeException(e);
          }
        });
  }

  @Test
  void cacheHit_isReadFromTheFileWithoutMsal4jOrHttp_untilInvalidated() {
    AccessToken first = provider(SPN).build().token();
    List<String> calls = new ArrayList<>();
    AzureTokenProvider offline =
        provider(SPN)
            .httpClient(
                request -> {
                  calls.add(request.url().toString());
                  throw new IOException("offline");
                })
            .build();

    assertThat(offline.token().value()).isEqualTo(first.value());
    assertThat(calls).isEmpty();

    offline.invalidate(first); // a 401: msal4j must ask Entra ID, which is unreachable here
    assertThatThrownBy(offline::token).isInstanceOf(AuthenticationFailedException.class);
    assertThat(calls).isNotEmpty();
  }

  @Test
  void spn_secret_tokenCachedInFile() {
    AccessToken t = provider(SPN).build().token();
    assertThat(t.value()).startsWith("app-at-");
    AccessToken again = provider(SPN).build().token();
    assertThat(again.value()).isEqualTo(t.value());
    assertThat(entra.get().tokenRequestCount("client_credentials")).isEqualTo(1);
  }

  @Test
  void spn_eightProvidersAtOnceOnAnEmptyCache_oneTokenRequest() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> tokens = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        AzureTokenProvider p = provider(SPN).build(); // as separate processes would
        tokens.add(
            pool.submit(
                () -> {
                  go.await();
                  return p.token().value();
                }));
      }
      go.countDown();
      Set<String> distinct = new HashSet<>();
      for (Future<String> t : tokens) {
        distinct.add(t.get(1, TimeUnit.MINUTES));
      }
      assertThat(distinct).hasSize(1);
      assertThat(entra.get().tokenRequestCount("client_credentials")).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void spn_wrongSecret_aadstsCodeAndDescriptionInTheError_secretNot() {
    assertThatThrownBy(
            () ->
                provider(
                        "-l",
                        "spn",
                        "--client-id",
                        SPN_CLIENT,
                        "-t",
                        TENANT,
                        "--client-secret",
                        "wrong-secret")
                    .build()
                    .token())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("invalid_client")
        .hasMessageContaining("AADSTS7000215")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-secret"))
        .satisfies(
            e -> assertThat(((AuthenticationFailedException) e).credentialRejected()).isTrue());
  }

  @Test
  void invalidate_forcesOneNewTokenRequest() {
    AzureTokenProvider p = provider(SPN).build();
    AccessToken first = p.token();
    p.invalidate(first);
    AccessToken second = p.token();
    assertThat(second.value()).isNotEqualTo(first.value());
    assertThat(p.token().value()).isEqualTo(second.value());
    assertThat(entra.get().tokenRequestCount("client_credentials")).isEqualTo(2);
  }

  @Test
  void workloadIdentity_tokenFileReReadOnEachRequest() throws IOException {
    Path file = cache.resolve("federated-token");
    Files.writeString(file, "assertion-1\n");
    entra.get().expectedAssertion("assertion-1");
    // flags come from the environment in this mode
    AzureTokenProvider p =
        AzureTokenProvider.builder(
                AzureOptions.parse(
                    List.of(
                        "-l",
                        "workloadidentity",
                        "--server-id",
                        SERVER_ID,
                        "--cache-dir",
                        cache.toString()),
                    Map.of(
                        "AZURE_CLIENT_ID", SPN_CLIENT,
                        "AZURE_TENANT_ID", TENANT,
                        "AZURE_FEDERATED_TOKEN_FILE", file.toString())))
            .routeRequests(entra.get()::redirect)
            .environment(Map.of())
            .build();
    assertThat(p.token().value()).startsWith("app-at-");
    Files.writeString(file, "assertion-2\n"); // the kubelet rotated it
    entra.get().expectedAssertion("assertion-2");
    p.invalidate(null);
    assertThat(p.token().value()).startsWith("app-at-");
    assertThat(entra.get().tokenRequests())
        .extracting(m -> m.get("client_assertion"))
        .containsExactly("assertion-1", "assertion-2");
    assertThat(entra.get().tokenRequests().get(0))
        .containsEntry(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
  }

  @Test
  void workloadIdentity_missingFile_isAClearError() {
    AzureTokenProvider p =
        AzureTokenProvider.builder(
                AzureOptions.parse(
                    List.of(
                        "-l",
                        "workloadidentity",
                        "--server-id",
                        SERVER_ID,
                        "--cache-dir",
                        cache.toString()),
                    Map.of(
                        "AZURE_CLIENT_ID", SPN_CLIENT,
                        "AZURE_TENANT_ID", TENANT,
                        "AZURE_FEDERATED_TOKEN_FILE", cache.resolve("nope").toString())))
            .routeRequests(entra.get()::redirect)
            .environment(Map.of())
            .build();
    assertThatThrownBy(p::token)
        .isInstanceOf(CredentialUnavailableException.class)
        .hasMessageContaining("cannot read federated token file");
  }

  @Test
  void managedIdentity_imds_userAssignedByClientId_thenFromMemory() {
    AzureTokenProvider p = provider("-l", "msi", "--client-id", "mi-client").build();
    AccessToken t = p.token();
    assertThat(t.value()).startsWith("mi-at-");
    assertThat(entra.get().requests()).contains("GET /metadata/identity/oauth2/token");
    int calls = entra.get().requests().size();
    assertThat(p.token().value()).isEqualTo(t.value());
    assertThat(entra.get().requests()).hasSize(calls);
  }

  @Test
  void managedIdentity_unreachable_failsFastWithAClearMessage() {
    AzureTokenProvider p =
        provider("-l", "msi", "--identity-resource-id", "/subscriptions/s/rg/r")
            .httpClient(
                request -> {
                  throw new java.net.ConnectException("Connection refused");
                })
            .build();
    assertThatThrownBy(p::token)
        .isInstanceOf(CredentialUnavailableException.class)
        .hasMessageContaining("no managed identity endpoint answered");
  }

  @Test
  void ropc_wrongPassword_aadstsError() {
    assertThatThrownBy(
            () ->
                provider(
                        "-l",
                        "ropc",
                        "--client-id",
                        PUBLIC_CLIENT,
                        "-t",
                        TENANT,
                        "--username",
                        USER,
                        "--password",
                        "nope")
                    .build()
                    .token())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("AADSTS50126");
  }

  @Test
  void twoTenants_shareOneCacheFile_withoutClobbering() {
    provider(ROPC).build().token();
    provider(
            "-l",
            "spn",
            "--client-id",
            SPN_CLIENT,
            "-t",
            "other-tenant",
            "--client-secret",
            SPN_SECRET)
        .build()
        .token();
    int before = entra.get().tokenRequests().size();
    provider("-l", "devicecode", "--client-id", PUBLIC_CLIENT, "-t", TENANT)
        .interactive(false)
        .build()
        .token();
    provider(
            "-l",
            "spn",
            "--client-id",
            SPN_CLIENT,
            "-t",
            "other-tenant",
            "--client-secret",
            SPN_SECRET)
        .build()
        .token();
    assertThat(entra.get().tokenRequests()).hasSize(before);
  }

  @Test
  void missingTenant_isAnErrorAtBuild() {
    assertThatThrownBy(() -> provider("-l", "devicecode", "--client-id", PUBLIC_CLIENT).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("tenant ID cannot be empty");
  }

  @Test
  void legacy_isRejectedNamingTheAlternative() {
    assertThatThrownBy(
            () ->
                provider("-l", "devicecode", "--client-id", PUBLIC_CLIENT, "-t", TENANT, "--legacy")
                    .build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("--legacy")
        .hasMessageContaining("drop --legacy");
  }

  @Test
  void removeCache_deletesTheDirectory() {
    provider(SPN).build().token();
    assertThat(cache.resolve(MsalCacheFile.TOKENS)).exists();
    AzureTokenProvider.removeCache(cache);
    assertThat(cache).doesNotExist();
    AzureTokenProvider.removeCache(cache); // idempotent
  }

  static Map<String, String> mapOf(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      m.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  private static String b64(String s) {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
