package dev.kubelogin.azure;

import dev.kubelogin.core.flags.GoFlags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Azure kubelogin's environment precedence ({@code UpdateFromEnv}): which variables replace which
 * flags, for which login modes, and the one-time warning when a variable replaces a flag the user
 * gave with another value. The table is in {@link AzureOptions}'s class comment. Thread-safe.
 */
final class AzureEnvironment {
  // Logged under the public class users configure logging for.
  private static final Logger LOG = LoggerFactory.getLogger(AzureOptions.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  /**
   * Every variable the Azure module reads (also outside this class: the CI token sources, the Azure
   * CLI's configuration directory, the cache directory's {@code HOME} and {@code KUBECACHEDIR}).
   */
  static final Set<String> VARIABLES =
      Set.of(
          "AAD_LOGIN_METHOD",
          "AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE",
          "AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD",
          "AAD_SERVICE_PRINCIPAL_CLIENT_ID",
          "AAD_SERVICE_PRINCIPAL_CLIENT_SECRET",
          "AAD_USER_PRINCIPAL_NAME",
          "AAD_USER_PRINCIPAL_PASSWORD",
          "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
          "ACTIONS_ID_TOKEN_REQUEST_URL",
          "ARM_CLIENT_CERTIFICATE_PASSWORD",
          "ARM_CLIENT_CERTIFICATE_PATH",
          "ARM_CLIENT_ID",
          "ARM_CLIENT_SECRET",
          "ARM_TENANT_ID",
          "AZURESUBSCRIPTION_CLIENT_ID",
          "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
          "AZURESUBSCRIPTION_TENANT_ID",
          "AZURE_AUTHORITY_HOST",
          "AZURE_CLIENT_CERTIFICATE_PASSWORD",
          "AZURE_CLIENT_CERTIFICATE_PATH",
          "AZURE_CLIENT_ID",
          "AZURE_CLIENT_SECRET",
          "AZURE_CLI_TIMEOUT",
          "AZURE_CONFIG_DIR",
          "AZURE_FEDERATED_TOKEN_FILE",
          "AZURE_PASSWORD",
          "AZURE_TENANT_ID",
          "AZURE_USERNAME",
          "HOME",
          "KUBECACHEDIR",
          "SYSTEM_ACCESSTOKEN",
          "SYSTEM_OIDCREQUESTURI");

  private AzureEnvironment() {}

  /**
   * {@code values} (the flags as parsed; {@code given} names those on the command line) with {@code
   * env} applied.
   */
  static Map<String, String> apply(
      Map<String, String> values, Set<String> given, Map<String, String> env) {
    if (Boolean.parseBoolean(values.get("disable-environment-override"))) {
      return values;
    }
    Map<String, String> v = new LinkedHashMap<>(values);
    Overrides o = new Overrides(v, given, env);
    if (Boolean.parseBoolean(values.get("use-azurerm-env-vars"))) {
      o.replace("client-id", "ARM_CLIENT_ID");
      o.replace("client-secret", "ARM_CLIENT_SECRET");
      o.replace("client-certificate", "ARM_CLIENT_CERTIFICATE_PATH");
      o.replace("client-certificate-password", "ARM_CLIENT_CERTIFICATE_PASSWORD");
      o.replace("tenant-id", "ARM_TENANT_ID");
    } else {
      o.replace("client-id", "AAD_SERVICE_PRINCIPAL_CLIENT_ID", "AZURE_CLIENT_ID");
      o.replace("client-secret", "AAD_SERVICE_PRINCIPAL_CLIENT_SECRET", "AZURE_CLIENT_SECRET");
      o.replace(
          "client-certificate",
          "AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE",
          "AZURE_CLIENT_CERTIFICATE_PATH");
      o.replace(
          "client-certificate-password",
          "AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD",
          "AZURE_CLIENT_CERTIFICATE_PASSWORD");
      o.replace("tenant-id", "AZURE_TENANT_ID");
    }
    o.replace("username", "AAD_USER_PRINCIPAL_NAME", "AZURE_USERNAME");
    o.replace("password", "AAD_USER_PRINCIPAL_PASSWORD", "AZURE_PASSWORD");
    o.replace("login", "AAD_LOGIN_METHOD");
    String login = v.getOrDefault("login", LoginMode.DEVICE_CODE.flagValue());
    if (login.equals(LoginMode.WORKLOAD_IDENTITY.flagValue())) {
      o.replace("client-id", "AZURE_CLIENT_ID");
      o.replace("federated-token-file", "AZURE_FEDERATED_TOKEN_FILE");
      o.replace("authority-host", "AZURE_AUTHORITY_HOST");
    }
    if (login.equals(LoginMode.AZURE_PIPELINES.flagValue())) {
      o.fillEmpty("client-id", "AZURESUBSCRIPTION_CLIENT_ID");
      o.fillEmpty("tenant-id", "AZURESUBSCRIPTION_TENANT_ID");
      o.fillEmpty(
          "azure-pipelines-service-connection-id", "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID");
    }
    String timeout = env.get("AZURE_CLI_TIMEOUT");
    if (timeout != null && GoFlags.parseDuration(timeout).isPresent()) {
      v.put("timeout", timeout);
    }
    return v;
  }

  private static final class Overrides {
    private final Map<String, String> v;
    private final Set<String> given;
    private final Map<String, String> env;

    Overrides(Map<String, String> v, Set<String> given, Map<String, String> env) {
      this.v = v;
      this.given = given;
      this.env = env;
    }

    void replace(String flag, String... variables) {
      for (String variable : variables) {
        String value = env.get(variable);
        if (value == null) {
          continue;
        }
        String before = v.get(flag);
        if (given.contains(flag) && !value.equals(before) && WARNED.add(variable + " --" + flag)) {
          LOG.warn(
              "{} replaces the value of --{} (as Azure kubelogin does); pass"
                  + " --disable-environment-override to use the flag",
              variable,
              flag);
        }
        v.put(flag, value);
      }
    }

    void fillEmpty(String flag, String variable) {
      if (v.getOrDefault(flag, "").isEmpty() && env.containsKey(variable)) {
        v.put(flag, env.get(variable));
      }
    }
  }
}
