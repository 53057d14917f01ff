package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.InteractiveRequestParameters;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.OpenBrowserAction;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import com.microsoft.aad.msal4j.SystemBrowserOptions;
import com.microsoft.aad.msal4j.UserNamePasswordParameters;
import dev.kubelogin.core.AuthenticationFailedException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * devicecode, interactive and ropc: a public client whose tokens and refresh tokens live in the
 * cache file. A cached or refreshable token is used {@linkplain #silent silently} (the account is
 * picked by tenant and, when known, user name); otherwise one login runs. The login sequence holds
 * a cross-process lock around both, so parallel callers wait for one login instead of starting
 * their own.
 */
final class PublicClientLogin implements Login {
  private static final Logger LOG = LoggerFactory.getLogger(PublicClientLogin.class);

  private final AzureOptions options;
  private final PublicClientApplication app;
  private final Consumer<String> prompts;
  private final OpenBrowserAction browser;
  private final Map<String, String> extraParameters;

  PublicClientLogin(
      AzureOptions options,
      PublicClientApplication app,
      Consumer<String> prompts,
      OpenBrowserAction browser,
      Map<String, String> extraParameters) {
    this.options = options;
    this.app = app;
    this.prompts = prompts;
    this.browser = browser;
    this.extraParameters = extraParameters;
  }

  @Override
  public Result acquire(boolean forceRefresh) throws Exception {
    return Login.result(login(options.login()));
  }

  @Override
  public Optional<Result> silent(boolean forceRefresh) throws Exception {
    Optional<IAccount> account = account();
    if (account.isEmpty()) {
      return Optional.empty();
    }
    SilentParameters.SilentParametersBuilder p =
        SilentParameters.builder(scopes(), account.get())
            .tenant(tenant())
            .forceRefresh(forceRefresh);
    if (!extraParameters.isEmpty()) {
      p.extraQueryParameters(extraParameters);
    }
    try {
      return Optional.of(Login.result(Login.await(options, app.acquireTokenSilently(p.build()))));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MsalException) {
        LOG.debug("silent token acquisition failed: {}", e.getCause().toString());
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The cached account for this tenant (and user name, when known). */
  private Optional<IAccount> account() throws Exception {
    Set<IAccount> accounts = Login.await(options, app.getAccounts());
    Optional<String> user =
        options.login() == LoginMode.ROPC ? options.username() : options.loginHint();
    String tenant = tenant().toLowerCase(Locale.ROOT);
    boolean anyTenant = Set.of("common", "organizations", "consumers").contains(tenant);
    return accounts.stream()
        .filter(a -> user.isEmpty() || user.get().equalsIgnoreCase(a.username()))
        .filter(
            a ->
                anyTenant
                    || a.homeAccountId().toLowerCase(Locale.ROOT).endsWith("." + tenant)
                    || (a.getTenantProfiles() != null
                        && a.getTenantProfiles().keySet().stream()
                            .anyMatch(t -> t.equalsIgnoreCase(tenant))))
        .sorted(java.util.Comparator.comparing(IAccount::homeAccountId))
        .findFirst();
  }

  @SuppressWarnings("deprecation") // ROPC: msal4j deprecates it; Azure kubelogin offers it
  private IAuthenticationResult login(LoginMode mode) throws Exception {
    switch (mode) {
      case DEVICE_CODE:
        DeviceCodeFlowParameters.DeviceCodeFlowParametersBuilder d =
            DeviceCodeFlowParameters.builder(scopes(), code -> prompts.accept(code.message()))
                .tenant(tenant());
        if (!extraParameters.isEmpty()) {
          d.extraQueryParameters(extraParameters);
        }
        return Login.await(options, app.acquireToken(d.build()));
      case INTERACTIVE:
        SystemBrowserOptions.SystemBrowserOptionsBuilder b =
            SystemBrowserOptions.builder()
                .htmlMessageSuccess(
                    "<html><body><h1>Logged in</h1><p>You can close this tab and return to the"
                        + " terminal.</p></body></html>");
        if (browser != null) {
          b.openBrowserAction(browser);
        }
        InteractiveRequestParameters.InteractiveRequestParametersBuilder i =
            InteractiveRequestParameters.builder(
                    URI.create(options.redirectUrl().orElse("http://localhost")))
                .scopes(scopes())
                .tenant(tenant())
                .systemBrowserOptions(b.build())
                .httpPollingTimeoutInSeconds((int) Math.max(1, options.timeout().toSeconds()));
        options.loginHint().ifPresent(i::loginHint);
        if (!extraParameters.isEmpty()) {
          i.extraQueryParameters(extraParameters);
        }
        return Login.await(options, app.acquireToken(i.build()));
      case ROPC:
        String user =
            options
                .username()
                .orElseThrow(
                    () -> new AuthenticationFailedException("ropc login needs --username"));
        String password =
            options
                .password()
                .orElseThrow(
                    () -> new AuthenticationFailedException("ropc login needs --password"));
        UserNamePasswordParameters.UserNamePasswordParametersBuilder u =
            UserNamePasswordParameters.builder(scopes(), user, password.toCharArray())
                .tenant(tenant());
        if (!extraParameters.isEmpty()) {
          u.extraQueryParameters(extraParameters);
        }
        return Login.await(options, app.acquireToken(u.build()));
      default:
        throw new IllegalStateException(mode.toString());
    }
  }

  private Set<String> scopes() {
    return Set.of(options.scope());
  }

  private String tenant() {
    return options.tenantId().orElseThrow();
  }
}
