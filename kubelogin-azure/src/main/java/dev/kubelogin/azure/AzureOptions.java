package dev.kubelogin.azure;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.flags.GoFlag;
import dev.kubelogin.core.flags.GoFlagSet;
import dev.kubelogin.core.flags.GoFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The options of Azure {@code kubelogin get-token}: every flag, with the Go tool's defaults and its
 * environment-variable precedence. Immutable and thread-safe; {@link #toString()} shows no secret.
 *
 * <p>{@link #parse} reads arguments as the Go tool does (pflag rules: {@code --flag value}, {@code
 * --flag=value}, the short forms {@code -l -t -s -e}, booleans without a value) and then applies
 * the environment exactly as the Go tool's {@code UpdateFromEnv}:
 *
 * <table>
 *   <caption>Environment variables, applied after the flags (so they replace flag values)</caption>
 *   <tr><th>Variable</th><th>Replaces</th><th>When</th></tr>
 *   <tr><td>{@code AAD_SERVICE_PRINCIPAL_CLIENT_ID}, then {@code AZURE_CLIENT_ID}</td>
 *       <td>{@code --client-id}</td><td>always (the {@code ARM_*} names instead with
 *       {@code --use-azurerm-env-vars})</td></tr>
 *   <tr><td>{@code AAD_SERVICE_PRINCIPAL_CLIENT_SECRET}, then {@code AZURE_CLIENT_SECRET}</td>
 *       <td>{@code --client-secret}</td><td>always ({@code ARM_CLIENT_SECRET})</td></tr>
 *   <tr><td>{@code AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE}, then
 *       {@code AZURE_CLIENT_CERTIFICATE_PATH}</td><td>{@code --client-certificate}</td>
 *       <td>always ({@code ARM_CLIENT_CERTIFICATE_PATH})</td></tr>
 *   <tr><td>{@code AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD}, then
 *       {@code AZURE_CLIENT_CERTIFICATE_PASSWORD}</td><td>{@code --client-certificate-password}</td>
 *       <td>always ({@code ARM_CLIENT_CERTIFICATE_PASSWORD})</td></tr>
 *   <tr><td>{@code AZURE_TENANT_ID}</td><td>{@code --tenant-id}</td>
 *       <td>always ({@code ARM_TENANT_ID})</td></tr>
 *   <tr><td>{@code AAD_USER_PRINCIPAL_NAME}, then {@code AZURE_USERNAME}</td>
 *       <td>{@code --username}</td><td>always</td></tr>
 *   <tr><td>{@code AAD_USER_PRINCIPAL_PASSWORD}, then {@code AZURE_PASSWORD}</td>
 *       <td>{@code --password}</td><td>always</td></tr>
 *   <tr><td>{@code AAD_LOGIN_METHOD}</td><td>{@code --login}</td><td>always</td></tr>
 *   <tr><td>{@code AZURE_CLIENT_ID}, {@code AZURE_FEDERATED_TOKEN_FILE},
 *       {@code AZURE_AUTHORITY_HOST}</td><td>{@code --client-id}, {@code --federated-token-file},
 *       {@code --authority-host}</td><td>login is {@code workloadidentity}</td></tr>
 *   <tr><td>{@code AZURESUBSCRIPTION_CLIENT_ID}, {@code AZURESUBSCRIPTION_TENANT_ID},
 *       {@code AZURESUBSCRIPTION_SERVICE_CONNECTION_ID}</td><td>the matching flag, <b>only when it
 *       is empty</b></td><td>login is {@code azurepipelines}</td></tr>
 *   <tr><td>{@code AZURE_CLI_TIMEOUT} (Go duration, invalid values ignored)</td>
 *       <td>{@code --timeout}</td><td>always</td></tr>
 *   <tr><td>{@code KUBECACHEDIR}</td><td>the default of {@code --cache-dir}</td><td>always</td></tr>
 * </table>
 *
 * <p>None of these apply with {@code --disable-environment-override} (except {@code KUBECACHEDIR}).
 * When a variable replaces a value given explicitly as a flag with a different one (an {@code
 * AZURE_CLIENT_ID} exported for another tool replacing the AKS client id, say), this is logged once
 * per process as a warning, naming the variable and the flag but no value.
 */
public final class AzureOptions {

  /** The default of {@code --timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final Map<String, String> values;
  private final Set<String> given;

  AzureOptions(Map<String, String> values, Set<String> given) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.given = Collections.unmodifiableSet(new LinkedHashSet<>(given));
  }

  /**
   * Parses the arguments that follow {@code get-token} and applies {@code env} as the Go tool does
   * (see the class comment).
   *
   * @throws InvalidConfigurationException for an unknown flag, a missing or malformed value, a
   *     positional argument, or options the Go tool's validation rejects
   */
  public static AzureOptions parse(List<String> args, Map<String, String> env) {
    return AzureFlags.parse(args, AzureFlags.GET_TOKEN).withEnvironment(env).validated();
  }

  /** The get-token flags, as declared (for help and completion). */
  public static GoFlagSet flags() {
    return AzureFlags.GET_TOKEN;
  }

  /** The Go tool's {@code UpdateFromEnv} (see the class comment), as {@link AzureEnvironment}. */
  AzureOptions withEnvironment(Map<String, String> env) {
    return new AzureOptions(AzureEnvironment.apply(values, given, env), given);
  }

  AzureOptions validated() {
    LoginMode.fromFlagValue(string("login").orElse(LoginMode.DEVICE_CODE.flagValue()));
    authorityHost().ifPresent(AzureCloud::atAuthorityHost);
    if (popEnabled() && string("pop-claims").isEmpty()) {
      throw new InvalidConfigurationException(
          "if enabling pop token mode, please provide the pop-claims flag containing the PoP token"
              + " claims as a comma-separated string: `u=popClaimHost,key1=val1`");
    }
    if (string("pop-claims").isPresent() && !popEnabled()) {
      throw new InvalidConfigurationException(
          "pop-enabled flag is required to use the PoP token feature. Please provide both"
              + " pop-enabled and pop-claims flags");
    }
    tokenCacheStorage();
    if (timeout().isZero() || timeout().isNegative()) {
      throw new InvalidConfigurationException("timeout must be greater than 0");
    }
    return this;
  }

  /**
   * Returns a builder for the options of a Java program (no environment variables are read).
   *
   * @param login the login mode
   * @param serverId the server application id of the cluster (the scope is {@code
   *     <serverId>/.default})
   */
  public static Builder builder(LoginMode login, String serverId) {
    return new Builder(login, serverId);
  }

  /** {@code --login}; {@code devicecode} by default. */
  public LoginMode login() {
    return LoginMode.fromFlagValue(string("login").orElse(LoginMode.DEVICE_CODE.flagValue()));
  }

  /**
   * {@code --server-id}.
   *
   * @throws InvalidConfigurationException when it is not set ("server-id is required")
   */
  public String serverId() {
    return string("server-id")
        .orElseThrow(() -> new InvalidConfigurationException("server-id is required"));
  }

  /**
   * The scope requested: the server id without a trailing {@code /}, with {@code /.default}
   * appended unless it already ends so.
   */
  public String scope() {
    String id = serverId();
    while (id.endsWith("/")) {
      id = id.substring(0, id.length() - 1);
    }
    return id.endsWith("/.default") ? id : id + "/.default";
  }

  /** {@code --client-id}. */
  public Optional<String> clientId() {
    return string("client-id");
  }

  /** {@code --client-secret}. */
  public Optional<String> clientSecret() {
    return string("client-secret");
  }

  /** {@code --client-certificate}: a PFX file (name ending {@code .pfx}) or a PEM file. */
  public Optional<String> clientCertificate() {
    return string("client-certificate");
  }

  /** {@code --client-certificate-password}, for PFX files. */
  public Optional<String> clientCertificatePassword() {
    return string("client-certificate-password");
  }

  /** {@code --username}. */
  public Optional<String> username() {
    return string("username");
  }

  /** {@code --password}. */
  public Optional<String> password() {
    return string("password");
  }

  /** {@code --tenant-id}. */
  public Optional<String> tenantId() {
    return string("tenant-id");
  }

  /** {@code --subscription} (azurecli). */
  public Optional<String> subscription() {
    return string("subscription");
  }

  /** {@code --environment}; {@code AzurePublicCloud} by default. */
  public String environment() {
    return string("environment").orElse("AzurePublicCloud");
  }

  /**
   * The cloud logins go to: {@code --authority-host} when set, else the named {@code
   * --environment}.
   *
   * @throws InvalidConfigurationException for an environment name that is not a known cloud
   */
  public AzureCloud cloud() {
    return authorityHost()
        .map(AzureCloud::atAuthorityHost)
        .orElseGet(() -> AzureCloud.named(environment()));
  }

  /** {@code --legacy}. */
  public boolean legacy() {
    return bool("legacy");
  }

  /** {@code --identity-resource-id} (msi). */
  public Optional<String> identityResourceId() {
    return string("identity-resource-id");
  }

  /** {@code --federated-token-file} (workloadidentity). */
  public Optional<String> federatedTokenFile() {
    return string("federated-token-file");
  }

  /** {@code --authority-host}. */
  public Optional<String> authorityHost() {
    return string("authority-host");
  }

  /** {@code --azure-pipelines-service-connection-id}. */
  public Optional<String> azurePipelinesServiceConnectionId() {
    return string("azure-pipelines-service-connection-id");
  }

  /** {@code --cache-dir} (or its deprecated alias {@code --token-cache-dir}). */
  public Optional<String> cacheDir() {
    return string("cache-dir");
  }

  /**
   * {@code --token-cache-storage}: {@code disk} (the default: MSAL's cache in {@code
   * msal_token_cache.json}, 0600) or {@code keyring} (the same JSON in the operating system's
   * keyring, service {@code kubelogin-azure}; see {@link
   * dev.kubelogin.core.store.KeyringTokenStore}). Azure kubelogin has no such flag.
   *
   * @throws InvalidConfigurationException for any other value
   */
  public String tokenCacheStorage() {
    String s = string("token-cache-storage").orElse("disk");
    if (!s.equals("disk") && !s.equals("keyring")) {
      throw new InvalidConfigurationException(
          "get-token: invalid --token-cache-storage \"" + s + "\": must be disk or keyring");
    }
    return s;
  }

  /**
   * The cache directory: {@code --cache-dir}, else {@code KUBECACHEDIR}, else {@code
   * <home>/.kube/cache/kubelogin}.
   */
  public Path cacheDirectory(Map<String, String> env, Path home) {
    Optional<String> flag = cacheDir();
    if (flag.isPresent()) {
      return Path.of(flag.get());
    }
    return defaultCacheDirectory(env, home);
  }

  /**
   * The cache directory without {@code --cache-dir}: {@code KUBECACHEDIR}, else {@code
   * <home>/.kube/cache/kubelogin}.
   */
  public static Path defaultCacheDirectory(Map<String, String> env, Path home) {
    String kubeCacheDir = env.get("KUBECACHEDIR");
    if (kubeCacheDir != null && !kubeCacheDir.isEmpty()) {
      return Path.of(kubeCacheDir);
    }
    return home.resolve(".kube").resolve("cache").resolve("kubelogin");
  }

  /** {@code --timeout}: the bound on one whole token acquisition; 60 s by default. */
  public Duration timeout() {
    return string("timeout").flatMap(GoFlags::parseDuration).orElse(DEFAULT_TIMEOUT);
  }

  /** {@code --pop-enabled}. */
  public boolean popEnabled() {
    return bool("pop-enabled");
  }

  /**
   * {@code --pop-claims} parsed: {@code key=value} pairs split on {@code ,}, trimmed, in order.
   *
   * @throws InvalidConfigurationException when a pair is malformed or {@code u} is missing
   */
  public Map<String, String> popClaims() {
    String raw = string("pop-claims").orElse("");
    if (raw.isBlank()) {
      throw new InvalidConfigurationException(
          "failed to parse PoP token claims: no claims provided");
    }
    Map<String, String> claims = new LinkedHashMap<>();
    for (String claim : raw.split(",", -1)) {
      String[] pair = claim.split("=", -1);
      if (pair.length < 2 || pair[0].trim().isEmpty() || pair[1].trim().isEmpty()) {
        throw new InvalidConfigurationException(
            "failed to parse PoP token claims. Ensure the claims are formatted as `key=value`"
                + " with no extra whitespace");
      }
      claims.put(pair[0].trim(), pair[1].trim());
    }
    if (!claims.containsKey("u")) {
      throw new InvalidConfigurationException(
          "required u-claim not provided for PoP token flow. Please provide the ARM ID of the"
              + " cluster in the format `u=<ARM_ID>`");
    }
    return Collections.unmodifiableMap(claims);
  }

  /** {@code --use-azurerm-env-vars}. */
  public boolean useAzurermEnvVars() {
    return bool("use-azurerm-env-vars");
  }

  /** {@code --disable-environment-override}. */
  public boolean disableEnvironmentOverride() {
    return bool("disable-environment-override");
  }

  /** {@code --disable-instance-discovery}. */
  public boolean disableInstanceDiscovery() {
    return bool("disable-instance-discovery");
  }

  /** {@code --redirect-url} (interactive). */
  public Optional<String> redirectUrl() {
    return string("redirect-url");
  }

  /** {@code --login-hint} (interactive). */
  public Optional<String> loginHint() {
    return string("login-hint");
  }

  /** Whether {@code name} was given on the command line (pflag's "changed"). */
  boolean isGiven(String name) {
    return given.contains(name);
  }

  /** The value of a string flag (or {@code extra} flag); empty when unset or empty. */
  Optional<String> string(String name) {
    String v = values.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** The raw value of a flag, {@code ""} when unset (the Go zero value). */
  String raw(String name) {
    return values.getOrDefault(name, "");
  }

  private boolean bool(String name) {
    return Boolean.parseBoolean(values.get(name));
  }

  /** {@code <program> get-token} with these options, secrets shown as {@code ***}. */
  String commandLine(String program) {
    List<String> words = new ArrayList<>(List.of(program, "get-token"));
    values.forEach(
        (k, v) -> {
          if (AzureFlags.GET_TOKEN.flag(k).map(f -> f.kind() == GoFlag.Kind.BOOL).orElse(false)) {
            if (Boolean.parseBoolean(v)) {
              words.add("--" + k);
            }
          } else {
            words.add("--" + k + "=" + (GoFlags.isSecret(k) ? "***" : v));
          }
        });
    return String.join(" ", words);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AzureOptions && ((AzureOptions) o).values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("AzureOptions{");
    values.forEach(
        (k, v) -> {
          if (sb.length() > "AzureOptions{".length()) {
            sb.append(", ");
          }
          sb.append(k).append('=').append(GoFlags.isSecret(k) ? "***" : v);
        });
    return sb.append('}').toString();
  }

  /**
   * Builds {@link AzureOptions}; each setter has the meaning of the flag it names. Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder(LoginMode login, String serverId) {
      values.put("login", Objects.requireNonNull(login, "login").flagValue());
      values.put("server-id", Objects.requireNonNull(serverId, "serverId"));
    }

    private Builder set(String name, String value) {
      values.put(name, Objects.requireNonNull(value, name));
      return this;
    }

    /** {@code --client-id}. */
    public Builder clientId(String clientId) {
      return set("client-id", clientId);
    }

    /** {@code --client-secret}. */
    public Builder clientSecret(String secret) {
      return set("client-secret", secret);
    }

    /** {@code --client-certificate}: a PFX ({@code .pfx}) or PEM file. */
    public Builder clientCertificate(Path file) {
      return set("client-certificate", file.toString());
    }

    /** {@code --client-certificate-password}. */
    public Builder clientCertificatePassword(String password) {
      return set("client-certificate-password", password);
    }

    /** {@code --username} and {@code --password} (ropc). */
    public Builder usernamePassword(String username, String password) {
      set("username", username);
      return set("password", password);
    }

    /** {@code --tenant-id}. */
    public Builder tenantId(String tenantId) {
      return set("tenant-id", tenantId);
    }

    /** {@code --subscription} (azurecli). */
    public Builder subscription(String subscription) {
      return set("subscription", subscription);
    }

    /** {@code --environment}, by cloud. */
    public Builder cloud(AzureCloud cloud) {
      if (cloud.equals(AzureCloud.PUBLIC)
          || cloud.equals(AzureCloud.US_GOVERNMENT)
          || cloud.equals(AzureCloud.CHINA)) {
        values.remove("authority-host");
        return set("environment", cloud.name());
      }
      return set("authority-host", cloud.authorityHost().toString());
    }

    /** {@code --identity-resource-id} (msi). */
    public Builder identityResourceId(String resourceId) {
      return set("identity-resource-id", resourceId);
    }

    /** {@code --federated-token-file} (workloadidentity). */
    public Builder federatedTokenFile(Path file) {
      return set("federated-token-file", file.toString());
    }

    /** {@code --azure-pipelines-service-connection-id}. */
    public Builder azurePipelinesServiceConnectionId(String id) {
      return set("azure-pipelines-service-connection-id", id);
    }

    /** {@code --cache-dir}. */
    public Builder cacheDir(Path dir) {
      return set("cache-dir", dir.toString());
    }

    /** {@code --token-cache-storage}: {@code disk} or {@code keyring}. */
    public Builder tokenCacheStorage(String storage) {
      return set("token-cache-storage", storage);
    }

    /** {@code --timeout}. */
    public Builder timeout(Duration timeout) {
      return set("timeout", timeout.toMillis() + "ms");
    }

    /**
     * {@code --pop-enabled --pop-claims k=v,…}: PoP tokens with these claims ({@code u} required).
     */
    public Builder popClaims(Map<String, String> claims) {
      StringBuilder sb = new StringBuilder();
      claims.forEach(
          (k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
      values.put("pop-enabled", "true");
      return set("pop-claims", sb.toString());
    }

    /** {@code --disable-instance-discovery}. */
    public Builder disableInstanceDiscovery(boolean disable) {
      return set("disable-instance-discovery", Boolean.toString(disable));
    }

    /** {@code --redirect-url} (interactive). */
    public Builder redirectUrl(String url) {
      return set("redirect-url", url);
    }

    /** {@code --login-hint} (interactive). */
    public Builder loginHint(String hint) {
      return set("login-hint", hint);
    }

    /**
     * Returns the options.
     *
     * @throws InvalidConfigurationException when they are invalid as the Go tool would judge them
     */
    public AzureOptions build() {
      return new AzureOptions(values, values.keySet()).validated();
    }
  }
}
