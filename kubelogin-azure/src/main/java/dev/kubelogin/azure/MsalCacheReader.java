package dev.kubelogin.azure;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a fresh access token straight from an MSAL unified-schema cache file, without msal4j, so
 * that a cache hit builds no msal4j application and no HTTP client (the CLI's start-up depends on
 * it).
 *
 * <p>It answers only where msal4j would serve the same entry without a network call, and is
 * stricter than msal4j where in doubt: a bearer entry for the client, the tenant (realm), an
 * environment of the authority's cloud and a target holding the scope, expiring more than 5 minutes
 * from now and not past its {@code refresh_on}. For devicecode, interactive and ropc the cache must
 * hold exactly one account, matching the user name when one is given and the tenant; a tenant of
 * {@code common}, {@code organizations} or {@code consumers} is left to msal4j. Anything else, an
 * unreadable or malformed file included, is "not found" and the caller goes through msal4j, which
 * reports and repairs the file.
 *
 * <p>Reads without the cache lock: writers replace the file atomically.
 */
final class MsalCacheReader {
  /** msal4j refreshes tokens this close to expiry ({@code ACCESS_TOKEN_EXPIRE_BUFFER_IN_SEC}). */
  static final long EXPIRY_MARGIN_SECONDS = 5 * 60;

  private static final Set<String> MULTI_TENANT = Set.of("common", "organizations", "consumers");

  private MsalCacheReader() {}

  /**
   * Returns the token msal4j would serve from {@code file} for {@code options} at {@code now}, or
   * empty when msal4j is needed. Never throws for the file's content.
   */
  static Optional<Login.Result> find(Path file, AzureOptions options, Instant now) {
    JsonObject cache;
    try {
      if (Files.size(file) > MsalCacheFile.MAX_BYTES) {
        return Optional.empty(); // msal4j decides what to do with it
      }
      JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
      if (!root.isJsonObject()) {
        return Optional.empty();
      }
      cache = root.getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    String client = options.clientId().orElse("");
    String tenant = options.tenantId().orElse("");
    if (client.isEmpty() || tenant.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> account = Optional.of("");
    if (isPublicClient(options.login())) {
      account = account(cache, options, client, tenant);
      if (account.isEmpty()) {
        return Optional.empty();
      }
    }
    URI authority = options.cloud().authorityHost();
    String homeAccountId = account.get();
    long minExpiry = now.getEpochSecond() + EXPIRY_MARGIN_SECONDS;
    Login.Result best = null;
    long bestExpiry = Long.MIN_VALUE;
    for (JsonObject at : entries(cache, "AccessToken")) {
      long expiresOn = number(at, "expires_on");
      long refreshOn = number(at, "refresh_on");
      boolean matches =
          "AccessToken".equalsIgnoreCase(string(at, "credential_type"))
              && bearer(at)
              && string(at, "user_assertion_hash").isEmpty()
              && homeAccountId.equals(string(at, "home_account_id"))
              && client.equals(string(at, "client_id"))
              && tenant.equals(string(at, "realm"))
              && sameCloud(authority, string(at, "environment"))
              && holdsScope(string(at, "target"), options.scope())
              && !string(at, "secret").isEmpty()
              && expiresOn > minExpiry
              && (refreshOn == 0 || refreshOn > now.getEpochSecond());
      if (matches && expiresOn > bestExpiry) {
        best =
            new Login.Result(
                string(at, "secret"),
                Instant.ofEpochSecond(expiresOn),
                refreshOn != 0 ? Instant.ofEpochSecond(refreshOn) : null);
        bestExpiry = expiresOn;
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean isPublicClient(LoginMode mode) {
    return mode == LoginMode.DEVICE_CODE || mode == LoginMode.INTERACTIVE || mode == LoginMode.ROPC;
  }

  /**
   * The home account id of the only cached account, when it is the one {@link PublicClientLogin}
   * would pick: its user name matches and it belongs to the tenant.
   */
  private static Optional<String> account(
      JsonObject cache, AzureOptions options, String client, String tenant) {
    if (MULTI_TENANT.contains(tenant.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    List<JsonObject> accounts = entries(cache, "Account");
    Set<String> ids =
        accounts.stream().map(a -> string(a, "home_account_id")).collect(Collectors.toSet());
    if (ids.size() != 1 || ids.contains("")) {
      return Optional.empty();
    }
    String id = ids.iterator().next();
    Optional<String> user =
        options.login() == LoginMode.ROPC ? options.username() : options.loginHint();
    if (user.isPresent()
        && !accounts.stream().allMatch(a -> user.get().equalsIgnoreCase(string(a, "username")))) {
      return Optional.empty();
    }
    boolean homeTenant =
        id.toLowerCase(Locale.ROOT).endsWith("." + tenant.toLowerCase(Locale.ROOT));
    boolean guestTenant =
        accounts.stream().anyMatch(a -> tenant.equalsIgnoreCase(string(a, "realm")))
            && entries(cache, "IdToken").stream()
                .anyMatch(
                    t ->
                        id.equals(string(t, "home_account_id"))
                            && client.equals(string(t, "client_id"))
                            && tenant.equalsIgnoreCase(string(t, "realm")));
    return homeTenant || guestTenant ? Optional.of(id) : Optional.empty();
  }

  private static boolean bearer(JsonObject at) {
    String type = string(at, "token_type");
    return type.isEmpty() || type.equalsIgnoreCase("Bearer");
  }

  /**
   * Whether a cache entry's environment is the authority's: its host (msal4j writes it without the
   * port when instance discovery is off), its host and port, or an alias of the same cloud.
   */
  private static boolean sameCloud(URI authority, String environment) {
    String e = environment.toLowerCase(Locale.ROOT);
    String host = authority.getHost().toLowerCase(Locale.ROOT);
    String hostAndPort = authority.getAuthority().toLowerCase(Locale.ROOT);
    return !e.isEmpty()
        && (e.equals(host) || e.equals(hostAndPort) || AzureCloud.aliases(host).contains(e));
  }

  private static boolean holdsScope(String target, String scope) {
    Set<String> scopes = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    scopes.addAll(Arrays.asList(target.split(" ")));
    return scopes.contains(scope);
  }

  private static List<JsonObject> entries(JsonObject cache, String section) {
    List<JsonObject> out = new ArrayList<>();
    JsonElement s = cache.get(section);
    if (s != null && s.isJsonObject()) {
      for (var e : s.getAsJsonObject().entrySet()) {
        if (e.getValue().isJsonObject()) {
          out.add(e.getValue().getAsJsonObject());
        }
      }
    }
    return out;
  }

  /** A string member, or "" when absent, null or not a string. */
  private static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
  }

  /** A number member written as a string (MSAL's schema) or a number, or 0. */
  private static long number(JsonObject o, String name) {
    try {
      String s = string(o, name);
      return s.isEmpty() ? 0 : Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
