package dev.kubelogin.core.resolve;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.CredentialUnavailableException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.RefreshPolicy;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.exec.ExecCluster;
import dev.kubelogin.core.exec.ExecCredential;
import dev.kubelogin.core.exec.ExecCredentialCodec;
import dev.kubelogin.core.exec.ExecPluginTokenProvider;
import dev.kubelogin.core.internal.Json;
import dev.kubelogin.core.kubeconfig.AuthInfo;
import dev.kubelogin.core.kubeconfig.AuthProviderConfig;
import dev.kubelogin.core.kubeconfig.Cluster;
import dev.kubelogin.core.kubeconfig.Context;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import dev.kubelogin.core.kubeconfig.Kubeconfig;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.net.ProxyFromEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Turns a kubeconfig context into a {@link ResolvedContext}: cluster connection facts and
 * credentials, following client-go.
 *
 * <ul>
 *   <li>The context is the one named, else {@code current-context}; a context that names a missing
 *       cluster or user is an error that says which.
 *   <li>In a pod, as client-go: when the kubeconfig files (read through a loader) select no context
 *       and none is named, {@code KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT} are
 *       set and the service account's token is mounted, the context is the in-cluster one (named
 *       {@code in-cluster}): that server, the mounted {@code ca.crt}, the {@code token} file read
 *       again as the kubelet rotates it, and the namespace from {@code POD_NAMESPACE} or the
 *       mounted {@code namespace} ({@code default} without either).
 *   <li>The CA is {@code certificate-authority-data}, else the file of {@code
 *       certificate-authority} (relative to the defining kubeconfig); a CA together with {@code
 *       insecure-skip-tls-verify} is rejected as client-go rejects it.
 *   <li>Credentials: a static {@code token} or {@code tokenFile} (read again when the file changes;
 *       with both, the file's token wins and {@code token} serves while the file cannot be read),
 *       client certificate and key (files or data), basic auth. As in client-go, an {@code exec}
 *       stanza is ignored when any of those is present.
 *   <li>An {@code exec} or {@code auth-provider} stanza is first offered to the {@link
 *       CredentialPlugin}s (found with {@link ServiceLoader}); one that claims it serves it
 *       in-process. Otherwise exec stanzas run with {@link ExecPluginTokenProvider}, cached until
 *       expiry, and shared by every resolution of this resolver with an equal stanza and cluster.
 *   <li>Either way an exec stanza must be allowed by the user's credential plugin policy ({@link
 *       PluginPolicy#fromKuberc}, read again on each resolution) and by the application's ({@link
 *       Builder#pluginPolicy}), by the command it names. When it is not, or the kuberc is broken,
 *       the context still resolves, and its token and client certificate fail with the reason, as
 *       kubectl fails "getting credentials"; nothing is run or served.
 * </ul>
 *
 * <p>Thread-safe. Each {@link #resolve(String)} reads the kubeconfig files again when the resolver
 * was built with a loader.
 */
public final class KubeconfigResolver {
  private final KubeconfigLoader loader;
  private final Kubeconfig fixed;
  private final List<CredentialPlugin> plugins;
  private final Map<String, String> environment;
  private final boolean interactive;
  private final RefreshPolicy policy;
  private final Clock clock;
  private final PluginPolicy pluginPolicy;
  private final Path serviceAccount;
  private final ConcurrentMap<List<Object>, ExecPluginTokenProvider> execProviders =
      new ConcurrentHashMap<>();

  private KubeconfigResolver(Builder b) {
    this.fixed = b.kubeconfig;
    this.loader = b.loader != null || fixed != null ? b.loader : KubeconfigLoader.defaults();
    this.plugins = b.plugins != null ? List.copyOf(b.plugins) : discoverPlugins();
    this.environment = Map.copyOf(b.environment);
    this.interactive = b.interactive;
    this.policy = b.policy;
    this.clock = b.clock;
    this.pluginPolicy = b.pluginPolicy;
    this.serviceAccount = b.serviceAccount;
  }

  /** A resolver over the default kubeconfig ({@code KUBECONFIG} or {@code ~/.kube/config}). */
  public static KubeconfigResolver defaults() {
    return builder().build();
  }

  /** Returns a builder over the default kubeconfig. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Resolves the current context.
   *
   * @throws InvalidConfigurationException when there is no current context, or it is unusable
   */
  public ResolvedContext resolve() {
    return resolve(null);
  }

  /**
   * Resolves the context named {@code contextName}, or the current one when {@code null}.
   *
   * @throws InvalidConfigurationException naming the missing context, cluster or user, or the
   *     invalid field
   */
  public ResolvedContext resolve(String contextName) {
    Kubeconfig config = fixed != null ? fixed : loader.load();
    String name = contextName;
    if ((name == null || name.isEmpty())
        && fixed == null
        && config.currentContext().isEmpty()
        && InClusterConfig.possible(environment, serviceAccount)) {
      return InClusterConfig.resolve(environment, serviceAccount, clock);
    }
    if (name == null || name.isEmpty()) {
      name =
          config
              .currentContext()
              .orElseThrow(
                  () ->
                      new InvalidConfigurationException(
                          "current-context is not set in "
                              + describe(config)
                              + "; name a context"));
    }
    Context context = config.contexts().get(name);
    if (context == null) {
      throw new InvalidConfigurationException(
          "context \"" + name + "\" does not exist in " + describe(config));
    }
    Cluster cluster = config.clusters().get(context.cluster());
    if (cluster == null) {
      throw new InvalidConfigurationException(
          "context \""
              + name
              + "\" refers to cluster \""
              + context.cluster()
              + "\", which is not defined in "
              + describe(config));
    }
    AuthInfo user = config.users().get(context.user());
    if (user == null) {
      throw new InvalidConfigurationException(
          "context \""
              + name
              + "\" refers to user \""
              + context.user()
              + "\", which is not defined in "
              + describe(config));
    }
    ClusterConnection connection = ClusterConnection.of(context.cluster(), cluster, environment);
    Credentials credentials = credentials(context.user(), user, cluster, connection);
    return new ResolvedContext(
        name,
        context.namespace().orElse(null),
        context.user(),
        connection,
        credentials,
        Impersonation.fromStanza(context.user(), user));
  }

  private static String describe(Kubeconfig config) {
    return config.files().isEmpty() ? "the kubeconfig (no file found)" : config.files().toString();
  }

  private Credentials credentials(
      String userName, AuthInfo user, Cluster cluster, ClusterConnection connection) {
    if (user.exec().isPresent() && user.authProvider().isPresent()) {
      throw new InvalidConfigurationException(
          "authProvider cannot be provided in combination with an exec plugin for " + userName);
    }
    TokenProvider token = null;
    if (user.tokenFilePath().isPresent()) {
      // client-go: the file's token wins over a token beside it, which serves only while the
      // file cannot be read.
      token = new TokenFileProvider(user.tokenFilePath().get(), user.token().orElse(null), clock);
    } else if (user.token().isPresent()) {
      token = TokenProvider.of(AccessToken.bearer(user.token().get(), null));
    }
    ClientCertificateProvider certificate = ClientCertificate.fromStanza(userName, user);
    String username = user.username().orElse(null);
    String password = user.password().orElse(null);
    if (token != null && username != null) {
      throw new InvalidConfigurationException(
          "more than one authentication method found for "
              + userName
              + "; found token and basic auth");
    }
    boolean hasStatic = token != null || certificate != null || username != null;
    if (!hasStatic && user.exec().isPresent()) {
      ExecConfig exec = user.exec().get();
      Optional<InvalidConfigurationException> denied = denied(exec);
      if (denied.isPresent()) {
        return Credentials.failing(denied.get());
      }
      PluginContext pluginContext = pluginContext(userName, user, connection);
      Optional<TokenProvider> served = firstClaim(p -> p.forExec(exec, pluginContext));
      if (served.isPresent()) {
        return new Credentials(
            served.get(),
            firstClaim(p -> p.clientCertificateForExec(exec, pluginContext)).orElse(null),
            null,
            null);
      }
      ExecPluginTokenProvider runner = execProvider(userName, exec, cluster, connection);
      return new Credentials(
          runner,
          () -> {
            ExecCredential c = runner.credential();
            if (c.clientCertificateData().isEmpty()) {
              throw new CredentialUnavailableException(
                  "exec plugin " + exec.command() + " returned no client certificate");
            }
            return new ClientCertificate(
                c.clientCertificateData().get().getBytes(StandardCharsets.UTF_8),
                c.clientKeyData().orElse("").getBytes(StandardCharsets.UTF_8));
          },
          null,
          null);
    }
    if (token == null && user.authProvider().isPresent()) {
      AuthProviderConfig provider = user.authProvider().get();
      PluginContext pluginContext = pluginContext(userName, user, connection);
      token = firstClaim(p -> p.forAuthProvider(provider, pluginContext)).orElse(null);
      if (token == null) {
        throw new InvalidConfigurationException(
            Credentials.unsupportedAuthProvider(userName, provider.name()));
      }
    }
    return new Credentials(token, certificate, username, password);
  }

  /** Why the policies forbid running or serving {@code exec}, if they do. */
  private Optional<InvalidConfigurationException> denied(ExecConfig exec) {
    try {
      PluginPolicy.fromKuberc(environment)
          .and(pluginPolicy)
          .check(exec.resolvedCommand(), environment);
      return Optional.empty();
    } catch (InvalidConfigurationException e) {
      return Optional.of(e);
    }
  }

  /**
   * Serves an exec stanza that is not in a kubeconfig (a {@code get-token} command line) the way
   * {@link #resolve} serves a user with only this stanza: the first {@link CredentialPlugin} that
   * claims it serves it in-process, with this resolver's environment, interactivity and clock. The
   * plugin's context has no kubeconfig user or cluster: its user holds only {@code exec}, its
   * cluster has an empty server. No {@link PluginPolicy} applies: the caller chose this command
   * line, it does not come from a kubeconfig.
   *
   * @return empty when no plugin claims {@code exec}; this method never runs a plugin's process
   * @throws InvalidConfigurationException when the claiming plugin finds the arguments invalid
   */
  public Optional<TokenProvider> serveExec(ExecConfig exec) {
    PluginContext context = standaloneContext(exec);
    return firstClaim(p -> p.forExec(exec, context));
  }

  /**
   * The client certificate that the plugin {@linkplain #serveExec serving} {@code exec} presents
   * beside its token ({@link CredentialPlugin#clientCertificateForExec}); empty when it presents
   * none or no plugin claims {@code exec}.
   *
   * @throws InvalidConfigurationException when the claiming plugin finds the arguments invalid
   */
  public Optional<ClientCertificateProvider> clientCertificateOf(ExecConfig exec) {
    PluginContext context = standaloneContext(exec);
    return firstClaim(p -> p.clientCertificateForExec(exec, context));
  }

  /**
   * Where the plugin that {@linkplain #serveExec serves} {@code exec} keeps its cache ({@link
   * CredentialPlugin#cache}); empty when none claims it or it keeps nothing on disk.
   *
   * @throws InvalidConfigurationException when the claiming plugin finds the arguments invalid
   */
  public Optional<PluginCache> cacheOf(ExecConfig exec) {
    PluginContext context = standaloneContext(exec);
    return firstClaim(p -> p.cache(exec, context));
  }

  /**
   * The {@linkplain CredentialPlugin#environmentVariables environment variables} that change what
   * any of this resolver's plugins serves, sorted.
   */
  public SortedSet<String> environmentVariables() {
    SortedSet<String> names = new TreeSet<>();
    for (CredentialPlugin plugin : plugins) {
      names.addAll(plugin.environmentVariables());
    }
    return Collections.unmodifiableSortedSet(names);
  }

  /** What the first plugin that answers {@code ask} answers, in the plugins' order. */
  private <T> Optional<T> firstClaim(Function<CredentialPlugin, Optional<T>> ask) {
    for (CredentialPlugin plugin : plugins) {
      Optional<T> answer = ask.apply(plugin);
      if (answer.isPresent()) {
        return answer;
      }
    }
    return Optional.empty();
  }

  private PluginContext standaloneContext(ExecConfig exec) {
    ClusterConnection none =
        new ClusterConnection(
            "", "", null, null, false, null, false, ProxyFromEnvironment.of(environment));
    return new PluginContext(
        "", AuthInfo.builder().exec(exec).build(), none, environment, interactive, null, clock);
  }

  private PluginContext pluginContext(
      String userName, AuthInfo user, ClusterConnection connection) {
    return new PluginContext(
        userName,
        user,
        connection,
        environment,
        interactive,
        loader != null && fixed == null ? loader.writer() : null,
        clock);
  }

  private ExecPluginTokenProvider execProvider(
      String userName, ExecConfig exec, Cluster cluster, ClusterConnection connection) {
    ExecCluster execCluster =
        ExecCluster.builder(connection.server())
            .tlsServerName(connection.tlsServerName().orElse(null))
            .insecureSkipTlsVerify(connection.insecureSkipTlsVerify())
            .certificateAuthorityData(connection.certificateAuthorityPem().orElse(null))
            .proxyUrl(connection.proxyUrl().orElse(null))
            .disableCompression(connection.disableCompression())
            .configJson(
                cluster.extensions().containsKey(ExecCredentialCodec.CLUSTER_EXTENSION)
                    ? Json.toJson(cluster.extensions().get(ExecCredentialCodec.CLUSTER_EXTENSION))
                        .toString()
                    : null)
            .build();
    // client-go shares one authenticator per equal exec config and cluster.
    List<Object> key = List.of(exec.fields(), exec.resolvedCommand(), execCluster);
    return execProviders.computeIfAbsent(
        key,
        k ->
            ExecPluginTokenProvider.builder(exec)
                .user(userName)
                .cluster(execCluster)
                .environment(environment)
                .stdinIsTerminal(interactive)
                .refreshPolicy(policy)
                .clock(clock)
                .build());
  }

  private static List<CredentialPlugin> discoverPlugins() {
    List<CredentialPlugin> found = new ArrayList<>();
    ServiceLoader.load(CredentialPlugin.class).forEach(found::add);
    return found;
  }

  @Override
  public String toString() {
    return "KubeconfigResolver{plugins=" + plugins.size() + "}";
  }

  /** Builds a {@link KubeconfigResolver}. Not thread-safe. */
  public static final class Builder {
    private KubeconfigLoader loader;
    private Kubeconfig kubeconfig;
    private List<CredentialPlugin> plugins;
    private Map<String, String> environment = System.getenv();
    private boolean interactive = System.console() != null;
    private RefreshPolicy policy = RefreshPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private PluginPolicy pluginPolicy = PluginPolicy.allowAll();
    private Path serviceAccount = InClusterConfig.SERVICE_ACCOUNT;

    private Builder() {}

    /** Reads the kubeconfig with this loader on every resolution. */
    public Builder loader(KubeconfigLoader loader) {
      this.loader = Objects.requireNonNull(loader, "loader");
      this.kubeconfig = null;
      return this;
    }

    /** Resolves against this already loaded kubeconfig. */
    public Builder kubeconfig(Kubeconfig kubeconfig) {
      this.kubeconfig = Objects.requireNonNull(kubeconfig, "kubeconfig");
      return this;
    }

    /** Uses these plugins instead of those found with {@link ServiceLoader}. */
    public Builder plugins(List<CredentialPlugin> plugins) {
      this.plugins = List.copyOf(plugins);
      return this;
    }

    /** The environment plugins and exec plugins see; this process's by default. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Whether a login may interact with a person; by default, whether the JVM has a console.
     * Non-interactive resolutions fail fast with "login required" instead of prompting.
     */
    public Builder interactive(boolean interactive) {
      this.interactive = interactive;
      return this;
    }

    /** The refresh windows for cached credentials. */
    public Builder refreshPolicy(RefreshPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The clock; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The application's credential plugin policy, applied together with the user's (the kuberc that
     * the {@linkplain #environment environment}'s {@code KUBERC} or {@code HOME} names): an exec
     * plugin runs, or is served in-process, only when both allow it. So this can only tighten what
     * the user allows. {@link PluginPolicy#allowAll()} by default.
     */
    public Builder pluginPolicy(PluginPolicy policy) {
      this.pluginPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The directory where a pod's service account is mounted, for the in-cluster context; {@code
     * /var/run/secrets/kubernetes.io/serviceaccount} by default.
     */
    public Builder serviceAccountDirectory(Path directory) {
      this.serviceAccount = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Returns the resolver. */
    public KubeconfigResolver build() {
      return new KubeconfigResolver(this);
    }
  }
}
