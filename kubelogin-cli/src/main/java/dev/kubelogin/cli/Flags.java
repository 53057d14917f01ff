package dev.kubelogin.cli;

import dev.kubelogin.core.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code get-token} flags of both Go tools, for help, shell completion and telling the tools
 * apart. Parsing stays in the library ({@code GetTokenOptions.parse}, {@code AzureOptions.parse}),
 * which applies pflag's rules and gives the Go tools' error messages.
 */
final class Flags {
  /** One flag: long name, optional short name, value label (null for a boolean), help text. */
  static final class Flag {
    final String name;
    final String shortName;
    final String label;
    final GetToken.Tool tool;
    final String description;

    Flag(String name, String shortName, String label, GetToken.Tool tool, String description) {
      this.name = name;
      this.shortName = shortName;
      this.label = label;
      this.tool = tool;
      this.description = description;
    }

    boolean isBoolean() {
      return label == null;
    }
  }

  private static final GetToken.Tool I = GetToken.Tool.INT128;
  private static final GetToken.Tool A = GetToken.Tool.AZURE;

  /** int128/kubelogin's get-token flags, in its {@code --help} order. */
  static final List<Flag> INT128 =
      List.of(
          new Flag("oidc-issuer-url", null, "URL", I, "Issuer URL of the OpenID provider"),
          new Flag("oidc-client-id", null, "ID", I, "Client ID of the OpenID client"),
          new Flag("oidc-client-secret", null, "SECRET", I, "Client secret, if any"),
          new Flag("oidc-redirect-url", null, "URL", I, "[authcode*] redirect_uri to send"),
          new Flag("oidc-extra-scope", null, "SCOPE", I, "Extra scopes (repeatable, comma list)"),
          new Flag("oidc-use-access-token", null, null, I, "Print the access token, not the ID"),
          new Flag("oidc-request-header", null, "K=V", I, "Header on every request to the IdP"),
          new Flag(
              "force-refresh", null, null, I, "Refresh (or log in) even if the cache is fresh"),
          new Flag("token-cache-dir", null, "DIR", I, "Cache directory (~/.kube/cache/oidc-login)"),
          new Flag("token-cache-storage", null, "disk|keyring|none", I, "Where tokens are kept"),
          new Flag("certificate-authority", null, "FILE", I, "CA file of the IdP (repeatable)"),
          new Flag("certificate-authority-data", null, "BASE64", I, "Base64 CA of the IdP"),
          new Flag(
              "insecure-skip-tls-verify", null, null, I, "Do not verify the IdP's certificate"),
          new Flag("tls-renegotiation-once", null, null, I, "Accepted for compatibility"),
          new Flag("tls-renegotiation-freely", null, null, I, "Accepted for compatibility"),
          new Flag("oidc-pkce-method", null, "auto|no|S256", I, "PKCE method (auto)"),
          new Flag("oidc-use-pkce", null, null, I, "Deprecated: --oidc-pkce-method=S256"),
          new Flag(
              "grant-type",
              null,
              "TYPE",
              I,
              "auto|authcode|authcode-keyboard|password|device-code|client-credentials"),
          new Flag("listen-address", null, "HOST:PORT", I, "[authcode] loopback addresses"),
          new Flag("skip-open-browser", null, null, I, "[authcode] print the URL, open nothing"),
          new Flag("browser-command", null, "CMD", I, "[authcode] command that opens the URL"),
          new Flag("authentication-timeout-sec", null, "N", I, "[authcode] timeout (180)"),
          new Flag("local-server-cert", null, "FILE", I, "[authcode] HTTPS loopback certificate"),
          new Flag("local-server-key", null, "FILE", I, "[authcode] HTTPS loopback key"),
          new Flag("open-url-after-authentication", null, "URL", I, "[authcode] then go here"),
          new Flag("oidc-auth-request-extra-params", null, "K=V", I, "Extra authorization params"),
          new Flag("username", null, "NAME", I, "[password] user name"),
          new Flag("password", null, "PASSWORD", I, "[password] password (prompted if empty)"));

  /** Azure/kubelogin's get-token flags. */
  static final List<Flag> AZURE =
      List.of(
          new Flag(
              "login",
              "l",
              "MODE",
              A,
              "devicecode (default), interactive, spn, ropc, msi, azurecli, azd, workloadidentity, azurepipelines"),
          new Flag("server-id", null, "ID", A, "AAD server application ID (the scope)"),
          new Flag("client-id", null, "ID", A, "AAD client application ID"),
          new Flag("client-secret", null, "SECRET", A, "[spn] client secret"),
          new Flag("client-certificate", null, "FILE", A, "[spn] PFX or PEM certificate"),
          new Flag("client-certificate-password", null, "PASSWORD", A, "[spn] PFX password"),
          new Flag("username", null, "NAME", A, "[ropc] user name"),
          new Flag("password", null, "PASSWORD", A, "[ropc] password"),
          new Flag("tenant-id", "t", "ID", A, "AAD tenant ID"),
          new Flag("subscription", "s", "ID", A, "[azurecli] subscription"),
          new Flag("environment", "e", "CLOUD", A, "AzurePublicCloud (default) or another cloud"),
          new Flag("legacy", null, null, A, "v1 tokens (not supported; see the docs)"),
          new Flag("identity-resource-id", null, "ID", A, "[msi] identity resource ID"),
          new Flag("federated-token-file", null, "FILE", A, "[workloadidentity] token file"),
          new Flag("authority-host", null, "URL", A, "Authority host, with a trailing /"),
          new Flag("azure-pipelines-service-connection-id", null, "ID", A, "[azurepipelines] id"),
          new Flag("cache-dir", null, "DIR", A, "Cache directory (~/.kube/cache/kubelogin)"),
          new Flag("token-cache-dir", null, "DIR", A, "Deprecated: --cache-dir"),
          new Flag("timeout", null, "DURATION", A, "Timeout of the whole call (60s)"),
          new Flag("pop-enabled", null, null, A, "Proof-of-possession token"),
          new Flag("pop-claims", null, "K=V,...", A, "PoP claims, u=<ARM resource ID> required"),
          new Flag("use-azurerm-env-vars", null, null, A, "Read ARM_* instead of AAD_/AZURE_*"),
          new Flag("disable-environment-override", null, null, A, "Ignore the environment"),
          new Flag("disable-instance-discovery", null, null, A, "No MSAL instance discovery"),
          new Flag("redirect-url", null, "URL", A, "[interactive] redirect URL"),
          new Flag("login-hint", null, "NAME", A, "[interactive] account to use"));

  /** klog flags both tools accept. */
  static final List<Flag> LOGGING =
      List.of(
          new Flag("v", "v", "LEVEL", null, "Log level: 1 decisions, 5 details, 10 everything"),
          new Flag("logtostderr", null, null, null, "Accepted for compatibility (always on)"));

  private static final Set<String> SECRETS =
      Set.of("oidc-client-secret", "client-secret", "password", "client-certificate-password");

  private Flags() {}

  /**
   * Whose flags {@code args} are: int128's when it has a flag only int128 knows (such as {@code
   * --oidc-issuer-url}), Azure's when it has one only Azure knows (such as {@code --server-id} or
   * {@code -l}). Flags both know ({@code --username}, {@code --token-cache-dir}, {@code -v}) decide
   * nothing.
   *
   * @throws InvalidConfigurationException when both kinds are present, or neither
   */
  static GetToken.Tool toolOf(List<String> args) {
    String int128 = null;
    String azure = null;
    for (String arg : args) {
      String name = nameOf(arg);
      if (name == null) {
        continue;
      }
      boolean inI = INT128.stream().anyMatch(f -> f.name.equals(name));
      boolean inA = AZURE.stream().anyMatch(f -> f.name.equals(name) || name.equals(f.shortName));
      if (inI && !inA && int128 == null) {
        int128 = arg.startsWith("--") ? "--" + name : "-" + name;
      } else if (inA && !inI && azure == null) {
        azure = arg.startsWith("--") ? "--" + name : "-" + name;
      }
    }
    if (int128 != null && azure != null) {
      throw new InvalidConfigurationException(
          "get-token: "
              + int128
              + " is an OpenID Connect flag (as in int128/kubelogin) and "
              + azure
              + " a Microsoft Entra ID flag (as in Azure/kubelogin); use one kind per command");
    }
    if (int128 != null) {
      return GetToken.Tool.INT128;
    }
    if (azure != null) {
      return GetToken.Tool.AZURE;
    }
    throw new InvalidConfigurationException(
        "get-token: give --oidc-issuer-url and --oidc-client-id (OpenID Connect, the flags of"
            + " int128/kubelogin) or --server-id (Microsoft Entra ID, the flags of Azure/kubelogin);"
            + " see kubelogin get-token --help");
  }

  /** The flag name of {@code arg} ({@code --a=b} gives {@code a}); null for a non-flag. */
  private static String nameOf(String arg) {
    if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
      return null;
    }
    String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
    int eq = body.indexOf('=');
    String name = eq >= 0 ? body.substring(0, eq) : body;
    if (!arg.startsWith("--") && name.length() > 1) {
      name = name.substring(0, 1); // -lspn, -v5: a short flag with its value attached
    }
    return name;
  }

  /** {@code args} joined by spaces with the values of secret flags shown as {@code ***}. */
  static String masked(List<String> args) {
    List<String> out = new ArrayList<>();
    boolean hideNext = false;
    for (String arg : args) {
      if (hideNext) {
        out.add("***");
        hideNext = false;
        continue;
      }
      String name = nameOf(arg);
      if (name != null && SECRETS.contains(name)) {
        if (arg.contains("=")) {
          out.add(arg.substring(0, arg.indexOf('=') + 1) + "***");
        } else {
          out.add(arg);
          hideNext = true;
        }
      } else {
        out.add(arg);
      }
    }
    return String.join(" ", out);
  }
}
