package dev.kubelogin.core.exec;

import java.util.Objects;
import java.util.Optional;

/**
 * What a client tells an exec plugin in the {@code KUBERNETES_EXEC_INFO} environment variable: the
 * API version it expects back, whether the plugin may interact with the user, and (when the
 * kubeconfig asks for it) the cluster.
 *
 * <p>Immutable and thread-safe.
 *
 * @see ExecCredentialCodec#readExecInfo(String)
 * @see ExecCredentialCodec#writeExecInfo(ExecInfo)
 */
public final class ExecInfo {
  private final String apiVersion;
  private final boolean interactive;
  private final ExecCluster cluster;

  /**
   * @param apiVersion the ExecCredential API version the client expects
   * @param interactive whether the plugin's stdin is the user's terminal
   * @param cluster the cluster, or {@code null} when the client does not provide it
   */
  public ExecInfo(String apiVersion, boolean interactive, ExecCluster cluster) {
    this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
    this.interactive = interactive;
    this.cluster = cluster;
  }

  /** The ExecCredential API version the client expects back. */
  public String apiVersion() {
    return apiVersion;
  }

  /** Whether the plugin may prompt: its stdin is the user's terminal. */
  public boolean interactive() {
    return interactive;
  }

  /** The cluster, when the kubeconfig sets {@code provideClusterInfo: true}. */
  public Optional<ExecCluster> cluster() {
    return Optional.ofNullable(cluster);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ExecInfo)) {
      return false;
    }
    ExecInfo e = (ExecInfo) o;
    return apiVersion.equals(e.apiVersion)
        && interactive == e.interactive
        && Objects.equals(cluster, e.cluster);
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiVersion, interactive, cluster);
  }

  @Override
  public String toString() {
    return "ExecInfo{apiVersion="
        + apiVersion
        + ", interactive="
        + interactive
        + ", cluster="
        + cluster
        + "}";
  }
}
