package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.OpenBrowserAction;
import com.microsoft.aad.msal4j.PublicClientApplication;
import dev.kubelogin.core.InvalidConfigurationException;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Builds the {@link Login} of the options' mode: the msal4j application, its credential and HTTP
 * client ({@code assertion} is the federated modes' client assertion source, checked when the
 * provider was built). It is a class of its own so that {@link AzureTokenProvider} references no
 * msal4j type: a token served by {@link MsalCacheReader} then loads none of msal4j or an HTTP
 * stack.
 */
final class LoginFactory {
  private final AzureOptions options;
  private final Map<String, String> env;
  private final Path home;
  private final Path cacheDirectory;
  private final IHttpClient httpClient;
  private final PopTokens pop;
  private final Callable<String> assertion;
  private final boolean interactive;
  private final Consumer<String> prompts;
  private final OpenBrowserAction browser;
  private final String loginCommand;
  private final Commands commands;
  private final Clock clock;

  LoginFactory(
      AzureOptions options,
      Map<String, String> env,
      Path home,
      Path cacheDirectory,
      IHttpClient httpClient,
      PopTokens pop,
      Callable<String> assertion,
      boolean interactive,
      Consumer<String> prompts,
      OpenBrowserAction browser,
      String loginCommand,
      Commands commands,
      Clock clock) {
    this.options = options;
    this.env = env;
    this.home = home;
    this.cacheDirectory = cacheDirectory;
    this.httpClient = httpClient;
    this.pop = pop;
    this.assertion = assertion;
    this.interactive = interactive;
    this.prompts = prompts;
    this.browser = browser;
    this.loginCommand = loginCommand;
    this.commands = commands;
    this.clock = clock;
  }

  /**
   * Returns the login.
   *
   * @throws InvalidConfigurationException when a credential (a certificate) cannot be used or the
   *     authority is not a valid URL
   */
  Login create() {
    IHttpClient http =
        httpClient != null
            ? httpClient
            : new JdkHttpClient(Duration.ofSeconds(10), Duration.ofSeconds(30));
    Map<String, String> extra = pop == null ? Map.of() : pop.requestParameters();
    MsalCacheFile cache =
        MsalCacheFile.at(
            cacheDirectory.resolve(pop == null ? MsalCacheFile.TOKENS : MsalCacheFile.POP_TOKENS));
    LoginMode mode = options.login();
    switch (mode) {
      case DEVICE_CODE:
      case INTERACTIVE:
      case ROPC:
        return new PublicClientLogin(
            options,
            publicClient(http, cache),
            lockFile(),
            interactive,
            prompts,
            browser,
            loginCommand,
            extra);
      case SERVICE_PRINCIPAL:
        return new ConfidentialClientLogin(
            options,
            confidentialClient(http, cache, spnCredential()),
            lockFile(),
            this::cached,
            extra);
      case WORKLOAD_IDENTITY:
      case AZURE_PIPELINES:
        return new ConfidentialClientLogin(
            options,
            confidentialClient(http, cache, ClientCredentialFactory.createFromCallback(assertion)),
            lockFile(),
            this::cached,
            extra);
      case MANAGED_IDENTITY:
        return new ManagedIdentityLogin(options, http);
      case AZURE_CLI:
        return new AzureCliLogin(options, env, home, http, commands);
      case AZURE_DEVELOPER_CLI:
        return new AzureDeveloperCliLogin(options, commands);
      default:
        throw new IllegalStateException(mode.toString());
    }
  }

  private IClientCredential spnCredential() {
    if (options.clientSecret().isPresent()) {
      return ClientCredentialFactory.createFromSecret(options.clientSecret().get());
    }
    return ClientCertificates.load(
        Path.of(options.clientCertificate().orElseThrow()),
        options.clientCertificatePassword().orElse(""));
  }

  private PublicClientApplication publicClient(IHttpClient http, MsalCacheFile cache) {
    return configured(
            PublicClientApplication.builder(options.clientId().orElseThrow()), http, cache)
        .build();
  }

  private ConfidentialClientApplication confidentialClient(
      IHttpClient http, MsalCacheFile cache, IClientCredential credential) {
    return configured(
            ConfidentialClientApplication.builder(options.clientId().orElseThrow(), credential),
            http,
            cache)
        .sendX5c(true)
        .build();
  }

  /** What both application kinds share: authority, discovery, HTTP, the cache file, no PII. */
  private <B extends AbstractClientApplicationBase.Builder<B>> B configured(
      B builder, IHttpClient http, MsalCacheFile cache) {
    try {
      return builder
          .authority(options.cloud().authority(options.tenantId().orElseThrow()))
          .instanceDiscovery(!options.disableInstanceDiscovery())
          .httpClient(http)
          .setTokenCacheAccessAspect(cache)
          .logPii(false);
    } catch (MalformedURLException e) {
      throw new InvalidConfigurationException("invalid authority: " + e.getMessage(), e);
    }
  }

  /** A fresh bearer token in the cache file, as {@link MsalCacheReader} finds it. */
  private Optional<Login.Result> cached() {
    if (pop != null) {
      return Optional.empty();
    }
    return MsalCacheReader.find(
        cacheDirectory.resolve(MsalCacheFile.TOKENS), options, clock.instant());
  }

  /** The cross-process lock of this login: one per authority, client, tenant, scope, mode. */
  private Path lockFile() {
    return cacheDirectory.resolve("login-" + key() + ".lock");
  }

  private String key() {
    String k =
        String.join(
            "\n",
            options.cloud().authorityHost().toString(),
            options.clientId().orElse(""),
            options.tenantId().orElse(""),
            options.scope(),
            options.login().flagValue(),
            options.username().orElse(""));
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(k.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
