package dev.kubelogin.core.resolve;

import dev.kubelogin.core.kubeconfig.AuthInfo;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import dev.kubelogin.core.kubeconfig.KubeconfigWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link CredentialPlugin} may use to serve a stanza: the user, the cluster, the
 * environment, whether a person can interact, the clock, and a writer for stanzas that persist
 * refreshed tokens (the {@code oidc} auth-provider). Immutable.
 */
public final class PluginContext {
  private final String userName;
  private final AuthInfo user;
  private final ClusterConnection cluster;
  private final Map<String, String> environment;
  private final boolean interactive;
  private final KubeconfigWriter writer;
  private final Clock clock;

  PluginContext(
      String userName,
      AuthInfo user,
      ClusterConnection cluster,
      Map<String, String> environment,
      boolean interactive,
      KubeconfigWriter writer,
      Clock clock) {
    this.userName = userName;
    this.user = user;
    this.cluster = cluster;
    this.environment = Map.copyOf(environment);
    this.interactive = interactive;
    this.writer = writer;
    this.clock = clock;
  }

  /** The kubeconfig name of the user. */
  public String userName() {
    return userName;
  }

  /** The user stanza. */
  public AuthInfo user() {
    return user;
  }

  /** The cluster the credentials are for. */
  public ClusterConnection cluster() {
    return cluster;
  }

  /** The environment variables to read (for example {@code KUBECACHEDIR}). */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * The environment {@code exec}'s command would run with: {@link #environment()} with the stanza's
   * {@code env} entries on top (later entries win), as client-go builds it.
   */
  public Map<String, String> environmentFor(ExecConfig exec) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    exec.env().forEach(e -> env.put(e.getKey(), e.getValue()));
    return env;
  }

  /** Whether a login may interact with a person (open a browser, prompt). */
  public boolean interactive() {
    return interactive;
  }

  /** The resolver's clock: what a served provider and its cache read the time from. */
  public Clock clock() {
    return clock;
  }

  /** A writer for the kubeconfig files the user came from, when it was loaded from files. */
  public Optional<KubeconfigWriter> writer() {
    return Optional.ofNullable(writer);
  }
}
