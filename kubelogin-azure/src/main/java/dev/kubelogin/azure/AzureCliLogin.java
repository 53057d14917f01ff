package dev.kubelogin.azure;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import dev.kubelogin.core.AuthenticationFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * azurecli: the account the Azure CLI is logged in with.
 *
 * <p>First in-process: when the CLI keeps its MSAL cache as a plain file ({@code
 * $AZURE_CONFIG_DIR/msal_token_cache.json}, the default on Linux and macOS) and the active
 * subscription ({@code azureProfile.json}, or {@code --subscription}) belongs to a user, the token
 * is acquired silently with the CLI's public client from that cache, read-only (the CLI's files are
 * never written). This costs milliseconds instead of the ~0.5–1 s of starting {@code az}, and
 * follows {@code az logout} at once since the cache is read on every call. Otherwise (service
 * principal or managed identity logins, an encrypted cache, no cached token) it runs {@code az
 * account get-access-token -o json --resource <server-id> [--tenant T] [--subscription S]} as an
 * argument list with {@code --timeout}.
 */
final class AzureCliLogin implements Login {
  private static final Logger LOG = LoggerFactory.getLogger(AzureCliLogin.class);
  static final String AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

  private final AzureOptions options;
  private final Map<String, String> env;
  private final Path configDir;
  private final IHttpClient http;
  private final Commands commands;

  AzureCliLogin(
      AzureOptions options,
      Map<String, String> env,
      Path home,
      IHttpClient http,
      Commands commands) {
    this.options = options;
    this.env = env;
    String dir = env.get("AZURE_CONFIG_DIR");
    this.configDir = dir != null && !dir.isEmpty() ? Path.of(dir) : home.resolve(".azure");
    this.http = http;
    this.commands = commands;
  }

  @Override
  public Result acquire(boolean forceRefresh) throws Exception {
    if (!forceRefresh) {
      Optional<Result> cached = fromCliCache();
      if (cached.isPresent()) {
        return cached.get();
      }
    }
    return fromAz();
  }

  /** The CLI's cached token for its active user, or empty when that path does not apply. */
  Optional<Result> fromCliCache() {
    Path cacheFile = configDir.resolve("msal_token_cache.json");
    Path profileFile = configDir.resolve("azureProfile.json");
    if (!Files.isRegularFile(cacheFile) || !Files.isRegularFile(profileFile)) {
      return Optional.empty();
    }
    try {
      Optional<JsonObject> sub = subscription(profileFile);
      if (sub.isEmpty()) {
        return Optional.empty();
      }
      JsonObject user = sub.get().getAsJsonObject("user");
      if (user == null || !"user".equals(string(user, "type"))) {
        return Optional.empty(); // service principals and managed identities: az knows how
      }
      String username = string(user, "name");
      String tenant = options.tenantId().orElse(string(sub.get(), "tenantId"));
      AzureCloud cloud =
          AzureCloud.named(
              sub.get().has("environmentName")
                  ? string(sub.get(), "environmentName")
                  : "AzureCloud");
      PublicClientApplication.Builder builder =
          PublicClientApplication.builder(AZURE_CLI_CLIENT_ID)
              .authority(cloud.authority(tenant))
              .httpClient(http)
              .setTokenCacheAccessAspect(MsalCacheFile.readOnly(cacheFile))
              .logPii(false);
      cloud.instanceDiscoveryResponse().ifPresent(builder::aadInstanceDiscoveryResponse);
      PublicClientApplication app = builder.build();
      Optional<IAccount> account =
          Login.await(options, app.getAccounts()).stream()
              .filter(a -> username.equalsIgnoreCase(a.username()))
              .findFirst();
      if (account.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          Login.result(
              Login.await(
                  options,
                  app.acquireTokenSilently(
                      SilentParameters.builder(Set.of(options.scope()), account.get())
                          .tenant(tenant)
                          .build()))));
    } catch (Exception e) {
      LOG.debug("Azure CLI cache not usable, running az: {}", e.toString());
      return Optional.empty();
    }
  }

  private Optional<JsonObject> subscription(Path profileFile) throws IOException {
    if (Files.size(profileFile) > MsalCacheFile.MAX_BYTES) {
      return Optional.empty(); // not a profile the Azure CLI wrote; az knows what to do
    }
    String text = Files.readString(profileFile, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // the CLI writes a byte-order mark
    }
    JsonElement root = JsonParser.parseString(text);
    JsonElement subs = root.getAsJsonObject().get("subscriptions");
    if (subs == null || !subs.isJsonArray()) {
      return Optional.empty();
    }
    Optional<String> wanted = options.subscription();
    for (JsonElement e : subs.getAsJsonArray()) {
      JsonObject s = e.getAsJsonObject();
      boolean match =
          wanted.isPresent()
              ? wanted.get().equalsIgnoreCase(string(s, "id"))
                  || wanted.get().equalsIgnoreCase(string(s, "name"))
              : s.has("isDefault") && s.get("isDefault").getAsBoolean();
      if (match) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  private Result fromAz() {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "az",
                "account",
                "get-access-token",
                "-o",
                "json",
                "--resource",
                Commands.scope(options.serverId())));
    options.tenantId().ifPresent(t -> argv.addAll(List.of("--tenant", Commands.tenant(t))));
    options
        .subscription()
        .ifPresent(s -> argv.addAll(List.of("--subscription", Commands.subscription(s))));
    String stdout =
        commands
            .run(argv, Map.of(), options.timeout())
            .stdoutOrThrow("az account get-access-token", "Azure CLI", "az login");
    try {
      JsonObject o = JsonParser.parseString(stdout).getAsJsonObject();
      String token = string(o, "accessToken");
      Instant expires;
      if (o.has("expires_on")) {
        expires = Instant.ofEpochSecond(o.get("expires_on").getAsLong());
      } else {
        expires =
            LocalDateTime.parse(
                    string(o, "expiresOn"),
                    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]"))
                .atZone(ZoneId.systemDefault())
                .toInstant();
      }
      if (token.isEmpty()) {
        throw new IllegalArgumentException("no accessToken");
      }
      return new Result(token, expires);
    } catch (RuntimeException e) {
      throw new AuthenticationFailedException(
          "az account get-access-token printed no token with an expiry: " + e.getMessage(), e);
    }
  }

  private static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }
}
