package dev.kubelogin.azure;

import dev.kubelogin.core.flags.GoFlag;
import dev.kubelogin.core.flags.GoFlagSet;
import dev.kubelogin.core.flags.GoFlags;
import dev.kubelogin.core.flags.ParsedFlags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Azure kubelogin's command lines as flag sets: get-token's flags (each declared once, secrets
 * recognised by name in {@link GoFlags}), convert-kubeconfig's, and the parse into {@link
 * AzureOptions} before the environment is applied.
 */
final class AzureFlags {
  private AzureFlags() {}

  /** Azure's get-token flags, in help order, then klog's. */
  static final GoFlagSet GET_TOKEN =
      GoFlagSet.of(
              "get-token",
              List.of(
                  GoFlag.string(
                          "login",
                          "MODE",
                          "devicecode (default), interactive, spn, ropc, msi, azurecli, azd,"
                              + " workloadidentity, azurepipelines")
                      .withShorthand('l'),
                  GoFlag.string("server-id", "ID", "AAD server application ID (the scope)"),
                  GoFlag.string("client-id", "ID", "AAD client application ID"),
                  GoFlag.string("client-secret", "SECRET", "[spn] client secret"),
                  GoFlag.string("client-certificate", "FILE", "[spn] PFX or PEM certificate"),
                  GoFlag.string("client-certificate-password", "PASSWORD", "[spn] PFX password"),
                  GoFlag.string("username", "NAME", "[ropc] user name"),
                  GoFlag.string("password", "PASSWORD", "[ropc] password"),
                  GoFlag.string("tenant-id", "ID", "AAD tenant ID").withShorthand('t'),
                  GoFlag.string("subscription", "ID", "[azurecli] subscription").withShorthand('s'),
                  GoFlag.string(
                          "environment", "CLOUD", "AzurePublicCloud (default) or another cloud")
                      .withShorthand('e'),
                  GoFlag.bool("legacy", "v1 tokens (not supported; see the docs)"),
                  GoFlag.string("identity-resource-id", "ID", "[msi] identity resource ID"),
                  GoFlag.string("federated-token-file", "FILE", "[workloadidentity] token file"),
                  GoFlag.string("authority-host", "URL", "Authority host, with a trailing /"),
                  GoFlag.string(
                      "azure-pipelines-service-connection-id", "ID", "[azurepipelines] id"),
                  GoFlag.string("cache-dir", "DIR", "Cache directory (~/.kube/cache/kubelogin)"),
                  GoFlag.string("token-cache-dir", "DIR", "Deprecated: --cache-dir")
                      .aliasOf("cache-dir"),
                  GoFlag.string(
                      "token-cache-storage", "disk|keyring", "Where MSAL's token cache is kept"),
                  GoFlag.of(
                      "timeout",
                      GoFlag.Kind.DURATION,
                      "DURATION",
                      "Timeout of the whole call (60s)"),
                  GoFlag.bool("pop-enabled", "Proof-of-possession token"),
                  GoFlag.string(
                      "pop-claims", "K=V,...", "PoP claims, u=<ARM resource ID> required"),
                  GoFlag.bool("use-azurerm-env-vars", "Read ARM_* instead of AAD_/AZURE_*"),
                  GoFlag.bool("disable-environment-override", "Ignore the environment"),
                  GoFlag.bool("disable-instance-discovery", "No MSAL instance discovery"),
                  GoFlag.string("redirect-url", "URL", "[interactive] redirect URL"),
                  GoFlag.string("login-hint", "NAME", "[interactive] account to use")))
          .plus("get-token", GoFlags.LOGGING);

  /** convert-kubeconfig's own flags, beside the get-token ones. */
  static final List<GoFlag> CONVERT_FLAGS =
      List.of(
          GoFlag.string("kubeconfig", "FILE", "Kubeconfig to convert"),
          GoFlag.string("context", "NAME", "Convert only this context"),
          GoFlag.string("azure-config-dir", "DIR", "[azurecli] AZURE_CONFIG_DIR"));

  static final GoFlagSet CONVERT = GET_TOKEN.plus("convert-kubeconfig", CONVERT_FLAGS);

  /** The convert-kubeconfig flags for kubeconfigs the caller loads: no {@code --kubeconfig}. */
  static final GoFlagSet CONVERT_LOADED =
      GET_TOKEN.plus("convert-kubeconfig", CONVERT_FLAGS.subList(1, CONVERT_FLAGS.size()));

  /** Parses {@code args} with {@code flags}; no environment applied. */
  static AzureOptions parse(List<String> args, GoFlagSet flags) {
    ParsedFlags parsed = flags.parse(args);
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : parsed.given()) {
      GoFlag flag = flags.flag(name).orElseThrow();
      if (flag.aliasFor().isPresent()) {
        continue; // its value is under the flag it stands for, which is given too
      }
      values.put(
          name,
          flag.kind() == GoFlag.Kind.BOOL
              ? parsed.bool(name).orElseThrow().toString()
              : parsed.string(name).orElseThrow());
    }
    return new AzureOptions(values, parsed.given());
  }
}
