package dev.kubelogin.azure;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.store.LoginSequence;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A login mode as the steps of core's login sequence: msal4j's silent acquisition is the refresh,
 * its interactive or client-credential acquisition the login, with msal4j's and the JDK's failures
 * mapped by {@link MsalErrors}.
 */
final class AzureLoginSteps implements LoginSequence.Steps<Login.Result> {
  private final AzureOptions options;
  private final Supplier<Login> login;

  /**
   * @param login the mode's login, built on first use (msal4j loads only then)
   */
  AzureLoginSteps(AzureOptions options, Supplier<Login> login) {
    this.options = options;
    this.login = login;
  }

  /** The access token with its expiry and the cache's {@code refresh_on}, when it has one. */
  @Override
  public AccessToken accessToken(Login.Result r) {
    return AccessToken.builder(r.accessToken).expiresAt(r.expiresOn).refreshAt(r.refreshOn).build();
  }

  @Override
  public Optional<Login.Result> refresh(Optional<Login.Result> current, boolean forced) {
    try {
      return login.get().silent(forced);
    } catch (Exception e) {
      throw MsalErrors.map(e, options.login());
    }
  }

  @Override
  public Optional<String> personNeededBy() {
    return options.login().needsPerson()
        ? Optional.of("the " + options.login().flagValue() + " login")
        : Optional.empty();
  }

  @Override
  public Login.Result login(boolean forced) {
    try {
      return login.get().acquire(forced);
    } catch (Exception e) {
      throw MsalErrors.map(e, options.login());
    }
  }
}
