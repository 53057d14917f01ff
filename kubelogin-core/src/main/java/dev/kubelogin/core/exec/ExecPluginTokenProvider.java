package dev.kubelogin.core.exec;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.CachedSupplier;
import dev.kubelogin.core.CredentialUnavailableException;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.RefreshPolicy;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Runs a kubeconfig {@code exec} credential plugin the way client-go does, and, unlike client-go,
 * fabric8 and client-java, caches its credential until its {@code expirationTimestamp}.
 *
 * <p>Behaviour kept from client-go:
 *
 * <ul>
 *   <li>Environment: this process's, then the kubeconfig's {@code env} entries in order (later ones
 *       win), then {@code KUBERNETES_EXEC_INFO} last.
 *   <li>Interactivity ({@code interactiveMode}): {@code Never} is never interactive; {@code
 *       IfAvailable} is interactive when stdin is a terminal and not otherwise in use; {@code
 *       Always} fails with {@link InteractionRequiredException} without running the plugin when it
 *       cannot be. Only an interactive plugin gets this process's stdin; otherwise its stdin is
 *       empty.
 *   <li>The plugin's stderr goes straight to this process's stderr and is never mixed into its
 *       stdout, which is decoded with {@link ExecCredentialCodec#readPluginOutput}.
 *   <li>Errors carry client-go's texts: {@code exec: executable <cmd> failed with exit code N},
 *       {@code exec: executable <cmd> not found} followed by the kubeconfig's {@code installHint}.
 *   <li>{@link #invalidate(AccessToken)} after a 401 makes the next call run the plugin again,
 *       once, however many callers saw the 401.
 * </ul>
 *
 * <p>Added: a timeout (by default 1 minute, 15 minutes when the plugin may interact), a cap on
 * stdout (1 MiB by default), and caching with the refresh windows of {@link RefreshPolicy}, so a
 * credential is refreshed shortly before it expires and not on every request after it.
 *
 * <p>Thread-safe: at most one run is in flight; other callers wait for it.
 */
public final class ExecPluginTokenProvider implements TokenProvider {
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
  static final String INSTALL_HINT_HELP =
      "It looks like you are trying to use a client-go credential plugin that is not installed.\n\n"
          + "To learn more about this feature, consult the documentation available at:\n"
          + "      https://kubernetes.io/docs/reference/access-authn-authz/authentication/"
          + "#client-go-credential-plugins";

  private final ExecConfig config;
  private final String user;
  private final ExecCluster cluster;
  private final Map<String, String> environment;
  private final boolean stdinTerminal;
  private final String stdinUnavailable;
  private final Duration timeout;
  private final long maxOutputBytes;
  private final CachedSupplier<ExecCredential> cache;

  private ExecPluginTokenProvider(Builder b) {
    this.config = b.config;
    this.user = b.user;
    this.cluster = b.cluster;
    this.environment = Map.copyOf(b.environment);
    this.stdinTerminal = b.stdinTerminal.getAsBoolean();
    this.stdinUnavailable = b.stdinUnavailable;
    this.maxOutputBytes = b.maxOutputBytes;
    validate(config, user);
    this.timeout =
        b.timeout != null
            ? b.timeout
            : interactive() ? Duration.ofMinutes(15) : Duration.ofMinutes(1);
    this.cache =
        CachedSupplier.<ExecCredential>builder(
                () -> {
                  ExecCredential c = run();
                  return CachedSupplier.Loaded.of(c, c.expirationTimestamp().orElse(null), null);
                })
            .name("credential of exec plugin " + config.command())
            .refreshPolicy(b.policy)
            .clock(b.clock)
            .build();
  }

  /**
   * Returns a builder for the plugin of {@code config}.
   *
   * @param config the user's {@code exec} stanza
   */
  public static Builder builder(ExecConfig config) {
    return new Builder(config);
  }

  /**
   * Returns the bearer token from the plugin's (possibly cached) credential.
   *
   * @throws CredentialUnavailableException if the plugin returned a client certificate and no token
   * @throws InteractionRequiredException if {@code interactiveMode: Always} cannot be honoured
   * @throws AuthenticationFailedException if the plugin fails, times out or prints something
   *     invalid
   * @throws InvalidConfigurationException if the exec stanza is invalid
   */
  @Override
  public AccessToken token() {
    ExecCredential c = credential();
    String token =
        c.token()
            .orElseThrow(
                () ->
                    new CredentialUnavailableException(
                        "exec plugin "
                            + config.command()
                            + " returned no token, only a client certificate"));
    return AccessToken.bearer(token, c.expirationTimestamp().orElse(null));
  }

  /**
   * Returns the plugin's (possibly cached) credential: token, client certificate and key, or both.
   *
   * @throws KubeloginException as {@link #token()} does
   */
  public ExecCredential credential() {
    return cache.get();
  }

  /** Makes the next call run the plugin again if {@code rejected} is the cached token. */
  @Override
  public void invalidate(AccessToken rejected) {
    cache
        .peek()
        .filter(current -> current.token().map(rejected.value()::equals).orElse(false))
        .ifPresent(cache::invalidate);
  }

  /**
   * Makes the next call run the plugin again, for example after a TLS client-certificate failure.
   */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  @Override
  public String toString() {
    return "ExecPluginTokenProvider{command=" + config.command() + "}";
  }

  /** client-go's validateAuthInfo rules for an exec stanza. */
  static void validate(ExecConfig config, String user) {
    String apiVersion = config.apiVersion();
    if (apiVersion.isEmpty()) {
      throw new InvalidConfigurationException(
          "apiVersion must be specified for " + user + " to use exec authentication plugin");
    }
    if (!ExecCredentialCodec.isSupported(apiVersion)) {
      throw new InvalidConfigurationException(
          "exec plugin: invalid apiVersion \"" + apiVersion + "\"");
    }
    if (config.command().isEmpty()) {
      throw new InvalidConfigurationException(
          "command must be specified for " + user + " to use exec authentication plugin");
    }
    for (Map.Entry<String, String> e : config.env()) {
      if (e.getKey().isEmpty()) {
        throw new InvalidConfigurationException(
            "env variable name must be specified for "
                + user
                + " to use exec authentication plugin");
      }
    }
    Optional<String> mode = interactiveMode(config);
    if (mode.isEmpty()) {
      throw new InvalidConfigurationException(
          "interactiveMode must be specified for " + user + " to use exec authentication plugin");
    }
    if (!List.of("Never", "IfAvailable", "Always").contains(mode.get())) {
      throw new InvalidConfigurationException(
          "invalid interactiveMode for " + user + ": \"" + mode.get() + "\"");
    }
  }

  /** The mode, with client-go's default of IfAvailable for v1alpha1 and v1beta1. */
  private static Optional<String> interactiveMode(ExecConfig config) {
    if (config.interactiveMode().isEmpty() && !config.apiVersion().equals(ExecCredentialCodec.V1)) {
      return Optional.of("IfAvailable");
    }
    return config.interactiveMode();
  }

  private boolean interactive() {
    String mode = interactiveMode(config).orElse("Never");
    switch (mode) {
      case "Never":
        return false;
      case "IfAvailable":
        return stdinUnavailable == null && stdinTerminal;
      default:
        return true;
    }
  }

  private ExecCredential run() {
    boolean interactive = interactive();
    if (interactiveMode(config).orElse("").equals("Always")) {
      if (stdinUnavailable != null) {
        throw new InteractionRequiredException(
            "exec plugin cannot support interactive mode: standard input is unavailable"
                + (stdinUnavailable.isEmpty() ? "" : ": " + stdinUnavailable));
      }
      if (!stdinTerminal) {
        throw new InteractionRequiredException(
            "exec plugin cannot support interactive mode: standard input is not a terminal");
      }
    }
    String command = config.resolvedCommand();
    List<String> argv = new ArrayList<>();
    argv.add(command);
    argv.addAll(config.args());
    ProcessBuilder pb = new ProcessBuilder(argv);
    Map<String, String> env = pb.environment();
    env.clear();
    env.putAll(environment);
    for (Map.Entry<String, String> e : config.env()) {
      env.put(e.getKey(), e.getValue());
    }
    env.put(
        ExecCredentialCodec.EXEC_INFO_ENV,
        ExecCredentialCodec.writeExecInfo(
            new ExecInfo(
                config.apiVersion(), interactive, config.provideClusterInfo() ? cluster : null)));
    String stdout =
        PluginProcess.stdout(pb, interactive, timeout, maxOutputBytes, e -> notFound(command, e));
    return ExecCredentialCodec.readPluginOutput(stdout, config.apiVersion());
  }

  private AuthenticationFailedException notFound(String command, IOException e) {
    String message = String.valueOf(e.getMessage());
    if (!message.contains("error=2,") && !message.contains("error=13,")) {
      return new AuthenticationFailedException("exec: " + message, e);
    }
    StringBuilder b = new StringBuilder("exec: executable ").append(command).append(" not found");
    b.append("\n\n").append(INSTALL_HINT_HELP);
    config.installHint().ifPresent(h -> b.append("\n\n").append(ANSI.matcher(h).replaceAll("")));
    return new AuthenticationFailedException(b.toString(), e);
  }

  /** Builds an {@link ExecPluginTokenProvider}. Not thread-safe. */
  public static final class Builder {
    private final ExecConfig config;
    private String user = "user";
    private ExecCluster cluster;
    private Map<String, String> environment = System.getenv();
    private BooleanSupplier stdinTerminal = () -> System.console() != null;
    private String stdinUnavailable;
    private Duration timeout;
    private long maxOutputBytes = 1 << 20;
    private RefreshPolicy policy = RefreshPolicy.defaults();
    private Clock clock = Clock.systemUTC();

    private Builder(ExecConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** The kubeconfig user's name, used in messages. */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** The cluster passed in {@code spec.cluster} when {@code provideClusterInfo} is true. */
    public Builder cluster(ExecCluster cluster) {
      this.cluster = cluster;
      return this;
    }

    /** The environment the plugin inherits; this process's by default. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** Whether this process's stdin is a terminal; by default, whether the JVM has a console. */
    public Builder stdinIsTerminal(boolean terminal) {
      this.stdinTerminal = () -> terminal;
      return this;
    }

    /**
     * Marks stdin as in use by the application (kubectl's {@code -f -}), with a reason shown in
     * errors; {@code null} clears it.
     */
    public Builder stdinUnavailable(String reason) {
      this.stdinUnavailable = reason;
      return this;
    }

    /** How long one run may take; 1 minute by default, 15 when the plugin may interact. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The most stdout a run may print; 1 MiB by default. */
    public Builder maxOutputBytes(long max) {
      if (max <= 0) {
        throw new IllegalArgumentException("maxOutputBytes must be positive: " + max);
      }
      this.maxOutputBytes = max;
      return this;
    }

    /** The refresh windows for cached credentials; {@link RefreshPolicy#defaults()}. */
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
     * Returns the provider. The plugin is not run until the first call.
     *
     * @throws InvalidConfigurationException if the exec stanza breaks client-go's rules (no
     *     apiVersion or command, v1 without interactiveMode, an unknown mode, an unnamed env
     *     variable)
     */
    public ExecPluginTokenProvider build() {
      return new ExecPluginTokenProvider(this);
    }
  }
}
