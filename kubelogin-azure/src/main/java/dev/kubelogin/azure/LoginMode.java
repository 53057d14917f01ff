package dev.kubelogin.azure;

import dev.kubelogin.core.InvalidConfigurationException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The login modes of Azure {@code kubelogin get-token --login}, under their flag values. */
public enum LoginMode {
  /** {@code devicecode}: the device authorization grant; the code is shown on stderr. */
  DEVICE_CODE("devicecode"),
  /** {@code interactive}: authorization code with PKCE in the system browser. */
  INTERACTIVE("interactive"),
  /** {@code spn}: a service principal with a client secret or certificate. */
  SERVICE_PRINCIPAL("spn"),
  /** {@code ropc}: a user name and password (resource owner password credentials). */
  ROPC("ropc"),
  /** {@code msi}: the managed identity of the Azure resource this runs on. */
  MANAGED_IDENTITY("msi"),
  /** {@code azurecli}: the account the Azure CLI is logged in with. */
  AZURE_CLI("azurecli"),
  /** {@code azd}: the account the Azure Developer CLI is logged in with. */
  AZURE_DEVELOPER_CLI("azd"),
  /** {@code workloadidentity}: a federated token file (or GitHub Actions' OIDC token). */
  WORKLOAD_IDENTITY("workloadidentity"),
  /** {@code azurepipelines}: an Azure Pipelines service connection's OIDC token. */
  AZURE_PIPELINES("azurepipelines");

  private final String flagValue;

  LoginMode(String flagValue) {
    this.flagValue = flagValue;
  }

  /** The value of {@code --login} for this mode, for example {@code devicecode}. */
  public String flagValue() {
    return flagValue;
  }

  /**
   * Returns the mode a {@code --login} value names (exact, like the Go tool).
   *
   * @throws InvalidConfigurationException for any other value, listing the supported ones
   */
  public static LoginMode fromFlagValue(String value) {
    for (LoginMode m : values()) {
      if (m.flagValue.equals(value)) {
        return m;
      }
    }
    throw new InvalidConfigurationException(
        "'"
            + value
            + "' is not a supported login method. Supported method is one of "
            + Arrays.stream(values()).map(LoginMode::flagValue).collect(Collectors.joining(", ")));
  }

  /** Whether Azure kubelogin offers PoP tokens in this mode ({@code --pop-enabled}). */
  boolean supportsPop() {
    return this == INTERACTIVE || this == SERVICE_PRINCIPAL || this == ROPC;
  }

  /**
   * Whether tokens of this mode live in this module's MSAL cache file (msi keeps them in msal4j's
   * memory, azurecli and azd in the CLIs' own caches).
   */
  boolean keepsTokens() {
    return this != MANAGED_IDENTITY && this != AZURE_CLI && this != AZURE_DEVELOPER_CLI;
  }

  /** Whether this mode may need a person (a browser, a device code). */
  boolean needsPerson() {
    return this == DEVICE_CODE || this == INTERACTIVE;
  }
}
