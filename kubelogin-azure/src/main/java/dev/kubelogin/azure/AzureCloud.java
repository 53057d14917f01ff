package dev.kubelogin.azure;

import dev.kubelogin.core.InvalidConfigurationException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Microsoft Entra ID cloud: the authority host logins go to. The three named clouds of the Go
 * tool's {@code --environment}, or any other host ({@code --authority-host}, for Azure Stack, ADFS
 * or a national cloud the names do not cover). Immutable.
 *
 * <p>Unlike the Go tool, which silently uses the public cloud for a name it does not know ({@code
 * AzureStackCloud}, typos), {@link #named} rejects unknown names.
 */
public final class AzureCloud {
  /** {@code AzurePublicCloud} (also {@code AzureCloud}, {@code AzurePublic}). */
  public static final AzureCloud PUBLIC =
      new AzureCloud("AzurePublicCloud", URI.create("https://login.microsoftonline.com/"));

  /** {@code AzureUSGovernmentCloud} (also {@code AzureUSGovernment}). */
  public static final AzureCloud US_GOVERNMENT =
      new AzureCloud("AzureUSGovernmentCloud", URI.create("https://login.microsoftonline.us/"));

  /** {@code AzureChinaCloud}. */
  public static final AzureCloud CHINA =
      new AzureCloud("AzureChinaCloud", URI.create("https://login.chinacloudapi.cn/"));

  /**
   * What Entra ID's instance discovery answers for the hosts of its clouds (as MSAL's own known
   * metadata has it): for each group of aliases, the host to send requests to and the host cache
   * entries are written under ({@code login.windows.net} for the public cloud).
   */
  private static final List<Instance> KNOWN_INSTANCES =
      List.of(
          new Instance(
              "login.microsoftonline.com",
              "login.windows.net",
              List.of(
                  "login.microsoftonline.com",
                  "login.windows.net",
                  "login.microsoft.com",
                  "sts.windows.net")),
          new Instance(
              "login.partner.microsoftonline.cn",
              "login.partner.microsoftonline.cn",
              List.of("login.partner.microsoftonline.cn", "login.chinacloudapi.cn")),
          new Instance(
              "login.microsoftonline.us",
              "login.microsoftonline.us",
              List.of("login.microsoftonline.us", "login.usgovcloudapi.net")),
          new Instance(
              "login-us.microsoftonline.com",
              "login-us.microsoftonline.com",
              List.of("login-us.microsoftonline.com")));

  private record Instance(String preferredNetwork, String preferredCache, List<String> aliases) {}

  private final String name;
  private final URI authorityHost;

  private AzureCloud(String name, URI authorityHost) {
    this.name = name;
    this.authorityHost = authorityHost;
  }

  /**
   * Returns the cloud an {@code --environment} value names, case-insensitively.
   *
   * @throws InvalidConfigurationException for a name that is not one of the three clouds
   */
  public static AzureCloud named(String environment) {
    switch (environment.toUpperCase(Locale.ROOT)) {
      case "AZURECLOUD":
      case "AZUREPUBLIC":
      case "AZUREPUBLICCLOUD":
        return PUBLIC;
      case "AZUREUSGOVERNMENT":
      case "AZUREUSGOVERNMENTCLOUD":
        return US_GOVERNMENT;
      case "AZURECHINACLOUD":
        return CHINA;
      default:
        throw new InvalidConfigurationException(
            "unknown --environment \""
                + environment
                + "\": use AzurePublicCloud, AzureUSGovernmentCloud or AzureChinaCloud, or give"
                + " --authority-host (with --disable-instance-discovery for Azure Stack or ADFS)");
    }
  }

  /**
   * Returns a cloud at {@code authorityHost}, an absolute https (or, for tests, http) URL ending in
   * {@code /}, as {@code --authority-host} requires.
   *
   * @throws InvalidConfigurationException when it is not such a URL
   */
  public static AzureCloud atAuthorityHost(String authorityHost) {
    URI uri;
    try {
      uri = new URI(authorityHost);
    } catch (java.net.URISyntaxException e) {
      throw new InvalidConfigurationException(
          "authority host \"" + authorityHost + "\" is not valid: " + e.getMessage());
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new InvalidConfigurationException(
          "authority host \"" + authorityHost + "\" is not valid");
    }
    if (!authorityHost.endsWith("/")) {
      throw new InvalidConfigurationException(
          "authority host \"" + authorityHost + "\" should have a trailing slash");
    }
    return new AzureCloud(authorityHost, uri);
  }

  /** The environment name, or the authority host for a cloud given by host. */
  public String name() {
    return name;
  }

  /**
   * The authority host, ending in {@code /}, for example {@code
   * https://login.microsoftonline.com/}.
   */
  public URI authorityHost() {
    return authorityHost;
  }

  /** The authority for {@code tenant}: {@code <authority host><tenant>/}. */
  String authority(String tenant) {
    return authorityHost + tenant + "/";
  }

  /** The hosts Entra ID names as aliases of {@code host}, {@code host} included. */
  static Set<String> aliases(String host) {
    for (Instance i : KNOWN_INSTANCES) {
      if (i.aliases().contains(host)) {
        return Set.copyOf(i.aliases());
      }
    }
    return Set.of(host);
  }

  /**
   * For a cloud whose host is one of Entra ID's, the instance discovery response msal4j would
   * fetch, so that it can be given to msal4j instead of fetched: the fetch costs a round trip in
   * every new process, and offline it fails with a warning on standard error. Empty for other hosts
   * (Azure Stack, ADFS, tests), whose discovery is left to msal4j.
   */
  Optional<String> instanceDiscoveryResponse() {
    String host = authorityHost.getHost();
    if (KNOWN_INSTANCES.stream().noneMatch(i -> i.aliases().contains(host))) {
      return Optional.empty();
    }
    StringBuilder json =
        new StringBuilder("{\"tenant_discovery_endpoint\":\"https://")
            .append(host)
            .append("/{tenant}/v2.0/.well-known/openid-configuration\",")
            .append("\"api-version\":\"1.1\",\"metadata\":[");
    for (int i = 0; i < KNOWN_INSTANCES.size(); i++) {
      Instance instance = KNOWN_INSTANCES.get(i);
      json.append(i == 0 ? "" : ",")
          .append("{\"preferred_network\":\"")
          .append(instance.preferredNetwork())
          .append("\",\"preferred_cache\":\"")
          .append(instance.preferredCache())
          .append("\",\"aliases\":[\"")
          .append(String.join("\",\"", instance.aliases()))
          .append("\"]}");
    }
    return Optional.of(json.append("]}").toString());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AzureCloud && ((AzureCloud) o).authorityHost.equals(authorityHost);
  }

  @Override
  public int hashCode() {
    return Objects.hash(authorityHost);
  }

  @Override
  public String toString() {
    return "AzureCloud{" + name + ", " + authorityHost + "}";
  }
}
