package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.OpenBrowserAction;
import com.microsoft.aad.msal4j.PublicClientApplication;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.net.ProxyFromEnvironment;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What a {@link Login} needs, taken from the provider's builder, and the code that builds the login
 * on the first cache miss: the msal4j application, its credential and HTTP client. {@code
 * assertion} is the federated modes' client assertion source, checked when the provider was built.
 *
 * <p>The msal4j-typed code sits in the nested {@code Msal} class, which the JVM loads and verifies
 * only when {@link #create()} runs: creating a factory, and serving a token through {@link
 * MsalCacheReader}, loads none of msal4j or an HTTP stack.
 */
final class LoginFactory {
  private final AzureOptions options;
  private final Map<String, String> env;
  private final Path home;
  private final Path cacheDirectory;
  private final IHttpClient httpClient;
  private final UnaryOperator<URI> route;
  private final PopTokens pop;
  private final Callable<String> assertion;
  private final Consumer<String> prompts;
  private final OpenBrowserAction browser;
  private final Commands commands;

  LoginFactory(
      AzureOptions options,
      Map<String, String> env,
      Path home,
      Path cacheDirectory,
      IHttpClient httpClient,
      UnaryOperator<URI> route,
      PopTokens pop,
      Callable<String> assertion,
      Consumer<String> prompts,
      OpenBrowserAction browser,
      Commands commands) {
    this.options = options;
    this.env = env;
    this.home = home;
    this.cacheDirectory = cacheDirectory;
    this.httpClient = httpClient;
    this.route = route;
    this.pop = pop;
    this.assertion = assertion;
    this.prompts = prompts;
    this.browser = browser;
    this.commands = commands;
  }

  /**
   * Returns the login.
   *
   * @throws InvalidConfigurationException when a credential (a certificate) cannot be used or the
   *     authority is not a valid URL
   */
  Login create() {
    return Msal.create(this);
  }

  /**
   * The name of this login's cross-process lock ({@code <name>.lock} in the cache directory): one
   * per authority, client, tenant, scope, mode and user.
   */
  String lockName() {
    return "login-" + key();
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

  /** The code that touches msal4j types; loaded on the first {@link #create()}. */
  private static final class Msal {
    private Msal() {}

    static Login create(LoginFactory f) {
      AzureOptions options = f.options;
      IHttpClient http = f.httpClient;
      if (http == null) {
        JdkHttpClient jdk =
            new JdkHttpClient(
                Duration.ofSeconds(10), Duration.ofSeconds(30), ProxyFromEnvironment.of(f.env));
        UnaryOperator<URI> route = f.route;
        http =
            route == null ? jdk : request -> jdk.send(request, route.apply(request.url().toURI()));
      }
      Map<String, String> extra = f.pop == null ? Map.of() : f.pop.requestParameters();
      Path cacheFile =
          f.cacheDirectory.resolve(f.pop == null ? MsalCacheFile.TOKENS : MsalCacheFile.POP_TOKENS);
      MsalCacheFile cache =
          options.tokenCacheStorage().equals("keyring")
              ? MsalCacheFile.inKeyring(cacheFile, f.env)
              : MsalCacheFile.at(cacheFile);
      LoginMode mode = options.login();
      switch (mode) {
        case DEVICE_CODE:
        case INTERACTIVE:
        case ROPC:
          return new PublicClientLogin(
              options, publicClient(options, http, cache), f.prompts, f.browser, extra);
        case SERVICE_PRINCIPAL:
          return new ConfidentialClientLogin(
              options, confidentialClient(options, http, cache, spnCredential(options)), extra);
        case WORKLOAD_IDENTITY:
        case AZURE_PIPELINES:
          return new ConfidentialClientLogin(
              options,
              confidentialClient(
                  options, http, cache, ClientCredentialFactory.createFromCallback(f.assertion)),
              extra);
        case MANAGED_IDENTITY:
          return new ManagedIdentityLogin(options, http);
        case AZURE_CLI:
          return new AzureCliLogin(options, f.env, f.home, http, f.commands);
        case AZURE_DEVELOPER_CLI:
          return new AzureDeveloperCliLogin(options, f.commands);
        default:
          throw new IllegalStateException(mode.toString());
      }
    }

    private static IClientCredential spnCredential(AzureOptions options) {
      if (options.clientSecret().isPresent()) {
        return ClientCredentialFactory.createFromSecret(options.clientSecret().get());
      }
      return ClientCertificates.load(
          Path.of(options.clientCertificate().orElseThrow()),
          options.clientCertificatePassword().orElse(""));
    }

    private static PublicClientApplication publicClient(
        AzureOptions options, IHttpClient http, MsalCacheFile cache) {
      return configured(
              options,
              PublicClientApplication.builder(options.clientId().orElseThrow()),
              http,
              cache)
          .build();
    }

    private static ConfidentialClientApplication confidentialClient(
        AzureOptions options, IHttpClient http, MsalCacheFile cache, IClientCredential credential) {
      return configured(
              options,
              ConfidentialClientApplication.builder(options.clientId().orElseThrow(), credential),
              http,
              cache)
          .sendX5c(true)
          .build();
    }

    /** What both application kinds share: authority, discovery, HTTP, the cache file, no PII. */
    private static <B extends AbstractClientApplicationBase.Builder<B>> B configured(
        AzureOptions options, B builder, IHttpClient http, MsalCacheFile cache) {
      try {
        builder
            .authority(options.cloud().authority(options.tenantId().orElseThrow()))
            .instanceDiscovery(!options.disableInstanceDiscovery())
            .httpClient(http)
            .setTokenCacheAccessAspect(cache)
            .logPii(false);
        if (!options.disableInstanceDiscovery()) {
          options
              .cloud()
              .instanceDiscoveryResponse()
              .ifPresent(builder::aadInstanceDiscoveryResponse);
        }
        return builder;
      } catch (MalformedURLException e) {
        throw new InvalidConfigurationException("invalid authority: " + e.getMessage(), e);
      }
    }
  }
}
