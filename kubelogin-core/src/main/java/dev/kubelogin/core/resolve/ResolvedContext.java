package dev.kubelogin.core.resolve;

import java.util.Objects;
import java.util.Optional;

/**
 * A kubeconfig context turned into what a client needs: where the server is and how to trust it,
 * the credentials, the namespace and any impersonation. Immutable and thread-safe.
 */
public final class ResolvedContext {
  private final String name;
  private final String namespace;
  private final String userName;
  private final ClusterConnection cluster;
  private final Credentials credentials;
  private final Impersonation impersonation;

  ResolvedContext(
      String name,
      String namespace,
      String userName,
      ClusterConnection cluster,
      Credentials credentials,
      Impersonation impersonation) {
    this.name = Objects.requireNonNull(name);
    this.namespace = namespace;
    this.userName = userName;
    this.cluster = Objects.requireNonNull(cluster);
    this.credentials = Objects.requireNonNull(credentials);
    this.impersonation = impersonation;
  }

  /** The context's name. */
  public String name() {
    return name;
  }

  /** The context's namespace, if set. */
  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  /** The kubeconfig name of the user. */
  public String userName() {
    return userName;
  }

  /** How to reach the API server. */
  public ClusterConnection cluster() {
    return cluster;
  }

  /** How to authenticate. */
  public Credentials credentials() {
    return credentials;
  }

  /** Who to act as, if the user impersonates. */
  public Optional<Impersonation> impersonation() {
    return Optional.ofNullable(impersonation);
  }

  @Override
  public String toString() {
    return "ResolvedContext{name="
        + name
        + ", cluster="
        + cluster
        + ", user="
        + userName
        + ", credentials="
        + credentials
        + "}";
  }
}
