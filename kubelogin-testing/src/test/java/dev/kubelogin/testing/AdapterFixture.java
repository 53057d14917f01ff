package dev.kubelogin.testing;

import dev.kubelogin.core.FakeClock;
import dev.kubelogin.core.exec.ScriptedPlugin;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.ResolvedContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the client adapters' tests share: a {@link FakeKubeApiServer} that accepts every token
 * starting with {@code tok-} as {@code alice} (until revoked), the scripted exec plugin in {@code
 * seqexp} mode (tokens {@code tok-1}, {@code tok-2}, … valid for an hour of the fake clock, and a
 * line on stderr each run), and a resolver on that clock.
 */
public final class AdapterFixture implements AutoCloseable {
  /** How long each plugin token is valid. */
  public static final Duration LIFETIME = Duration.ofHours(1);

  public final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T10:00:00Z"));
  public final FakeKubeApiServer server;
  public final ScriptedPlugin plugin;
  private final Path dir;

  public AdapterFixture(Path dir) {
    this.dir = dir;
    this.plugin = new ScriptedPlugin(dir.resolve("plugin"));
    this.server =
        FakeKubeApiServer.builder()
            .tokenWebhook(
                token ->
                    token.startsWith("tok-")
                        ? Optional.of(new UserInfo("alice", List.of("developers")))
                        : Optional.empty())
            .start();
  }

  /**
   * The {@code user:} body of an exec stanza running the scripted plugin; {@code interactiveMode}
   * as given, and the token's expiry one {@link #LIFETIME} after the fake clock's present.
   */
  public String execUser(String interactiveMode) {
    return "exec:\n"
        + "  apiVersion: client.authentication.k8s.io/v1\n"
        + "  command: "
        + plugin.script
        + "\n  args: [seqexp, tok]\n"
        + "  interactiveMode: "
        + interactiveMode
        + "\n  env:\n"
        + "  - {name: PLUGIN_DIR, value: \""
        + plugin.logDir
        + "\"}\n"
        + "  - {name: PLUGIN_EXPIRY, value: \""
        + clock.instant().plus(LIFETIME)
        + "\"}\n";
  }

  /**
   * Writes a kubeconfig for the server with {@code userYaml} as the user, and resolves its context
   * on the fake clock, not interactive (as a service would be).
   */
  public ResolvedContext resolve(String userYaml) {
    return resolve(userYaml, null);
  }

  /** {@link #resolve(String)} with one more line in the cluster stanza, such as a proxy-url. */
  public ResolvedContext resolve(String userYaml, String clusterLine) {
    String kubeconfig = server.kubeconfig(userYaml);
    if (clusterLine != null) {
      kubeconfig =
          kubeconfig.replace(
              "    certificate-authority-data:",
              "    " + clusterLine + "\n    certificate-authority-data:");
    }
    return resolveKubeconfig(kubeconfig);
  }

  /** {@link #resolve(String)} with {@code environment} instead of this process's. */
  public ResolvedContext resolveWith(String userYaml, Map<String, String> environment) {
    return resolveKubeconfig(server.kubeconfig(userYaml), environment);
  }

  /**
   * {@link #resolve(String)} for another server at {@code serverUrl}, such as a scripted one for
   * answers the fake server does not give.
   */
  public ResolvedContext resolveAt(String serverUrl, String userYaml) {
    return resolveKubeconfig(server.kubeconfig(userYaml).replace(server.url(), serverUrl));
  }

  /**
   * {@link #resolveAt} with one more cluster line, resolved with {@code environment} instead of
   * this process's.
   */
  public ResolvedContext resolveAt(
      String serverUrl, String userYaml, String clusterLine, Map<String, String> environment) {
    String kubeconfig =
        server
            .kubeconfig(userYaml)
            .replace(server.url(), serverUrl)
            .replace(
                "    certificate-authority-data:",
                "    " + clusterLine + "\n    certificate-authority-data:");
    return resolveKubeconfig(kubeconfig, environment);
  }

  private ResolvedContext resolveKubeconfig(String kubeconfig) {
    return resolveKubeconfig(kubeconfig, System.getenv());
  }

  private ResolvedContext resolveKubeconfig(String kubeconfig, Map<String, String> environment) {
    Path file = dir.resolve("kubeconfig");
    try {
      Files.writeString(file, kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return KubeconfigResolver.builder()
        .loader(KubeconfigLoader.builder().explicitFile(file).build())
        .environment(environment)
        .interactive(false)
        .clock(clock)
        .build()
        .resolve();
  }

  /**
   * Mounts {@code token} as a pod's service account under this fixture's directory, with the
   * server's CA and namespace {@code team-a}, the way the kubelet projects it: a new data directory
   * swapped in through the {@code ..data} link, so calling it again rotates the token.
   */
  public void mountServiceAccount(String token) {
    Path account = dir.resolve("serviceaccount");
    try {
      Files.createDirectories(account);
      Path data = Files.createTempDirectory(account, "..data-");
      Files.writeString(data.resolve("token"), token);
      Files.writeString(data.resolve("ca.crt"), server.certificateAuthorityPem());
      Files.writeString(data.resolve("namespace"), "team-a");
      Path link = account.resolve("..data_tmp");
      Files.createSymbolicLink(link, data.getFileName());
      Files.move(link, account.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
      for (String name : List.of("token", "ca.crt", "namespace")) {
        if (!Files.exists(account.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(account.resolve(name), Path.of("..data", name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Resolves as a program in a pod with no kubeconfig: the server as {@code
   * KUBERNETES_SERVICE_HOST} and {@code _PORT}, the {@linkplain #mountServiceAccount mounted}
   * account, on the fake clock (so the token file is read again only after a 401 or when the clock
   * is advanced).
   */
  public ResolvedContext resolveInCluster() {
    URI url = URI.create(server.url());
    try {
      return KubeconfigResolver.builder()
          .loader(
              KubeconfigLoader.builder()
                  .kubeconfigEnv(null)
                  .homeDirectory(Files.createDirectories(dir.resolve("home")))
                  .build())
          .environment(
              Map.of(
                  "KUBERNETES_SERVICE_HOST", url.getHost(),
                  "KUBERNETES_SERVICE_PORT", Integer.toString(url.getPort())))
          .serviceAccountDirectory(dir.resolve("serviceaccount"))
          .interactive(false)
          .clock(clock)
          .build()
          .resolve();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bearer tokens the server received, in order, ignoring requests without one. */
  public List<String> tokensSeen() {
    return server.requests().stream()
        .map(r -> r.bearerToken().orElse(null))
        .filter(t -> t != null)
        .collect(Collectors.toList());
  }

  /** The statuses the server answered, in order. */
  public List<Integer> statuses() {
    return server.requests().stream().map(RecordedRequest::status).collect(Collectors.toList());
  }

  @Override
  public void close() {
    server.close();
  }

  /**
   * Writes a kubeconfig for {@code api} whose user runs {@code kubectl oidc-login get-token} with
   * the password grant at {@code idp} and {@code --client-cert}/{@code --client-key} of a fresh
   * certificate for {@code CN=proxy-client}, and resolves it (the in-process plugin serves it).
   */
  public static ResolvedContext resolveWithClientCertificate(
      FakeKubeApiServer api, TestIdentityProvider idp, Path dir) {
    okhttp3.tls.HeldCertificate cert =
        new okhttp3.tls.HeldCertificate.Builder().commonName("proxy-client").rsa2048().build();
    try {
      Path certFile = Files.writeString(dir.resolve("client.crt"), cert.certificatePem());
      Path keyFile = Files.writeString(dir.resolve("client.key"), cert.privateKeyPkcs8Pem());
      Path config =
          Files.writeString(
              dir.resolve("config"),
              api.kubeconfig(
                  "exec:\n"
                      + "  apiVersion: client.authentication.k8s.io/v1\n"
                      + "  command: kubectl\n"
                      + "  interactiveMode: Never\n"
                      + "  args: [oidc-login, get-token, --oidc-issuer-url="
                      + idp.issuerUrl()
                      + ", --oidc-client-id=kubernetes, --grant-type=password, --username=alice,"
                      + " --password=x, --token-cache-storage=none, --client-cert="
                      + certFile
                      + ", --client-key="
                      + keyFile
                      + "]\n"));
      return KubeconfigResolver.builder()
          .loader(KubeconfigLoader.builder().explicitFile(config).build())
          .environment(Map.of())
          .build()
          .resolve();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
