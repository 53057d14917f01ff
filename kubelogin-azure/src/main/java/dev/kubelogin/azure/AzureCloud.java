package dev.kubelogin.azure;

import dev.kubelogin.core.InvalidConfigurationException;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

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
