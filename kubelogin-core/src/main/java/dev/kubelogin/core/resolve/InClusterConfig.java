package dev.kubelogin.core.resolve;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.net.ProxyFromEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * client-go's in-cluster configuration, for a program running in a pod: the API server from {@code
 * KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT}, and the pod's service account from
 * its mounted directory: {@code token} (read again as the kubelet rotates it), {@code ca.crt} and
 * {@code namespace} ({@code POD_NAMESPACE} wins, then the file, then {@code default}).
 */
final class InClusterConfig {
  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
  static final String NAME = "in-cluster";
  private static final Logger LOG = LoggerFactory.getLogger(InClusterConfig.class);

  private InClusterConfig() {}

  /**
   * client-go's {@code Possible()}: both variables set and the token file there. Used only when the
   * kubeconfig selects no context.
   */
  static boolean possible(Map<String, String> environment, Path serviceAccount) {
    return !environment.getOrDefault("KUBERNETES_SERVICE_HOST", "").isEmpty()
        && !environment.getOrDefault("KUBERNETES_SERVICE_PORT", "").isEmpty()
        && Files.exists(serviceAccount.resolve("token"));
  }

  static ResolvedContext resolve(
      Map<String, String> environment, Path serviceAccount, Clock clock) {
    String host = environment.get("KUBERNETES_SERVICE_HOST");
    String port = environment.get("KUBERNETES_SERVICE_PORT");
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]"; // Go's net.JoinHostPort
    }
    String server = "https://" + host + ":" + port;
    try {
      new URI(server).parseServerAuthority();
    } catch (URISyntaxException e) {
      throw new InvalidConfigurationException(
          "in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT make"
              + " no server URL: "
              + server);
    }
    Path caFile = serviceAccount.resolve("ca.crt");
    byte[] ca = null;
    try {
      ca = Files.readAllBytes(caFile);
    } catch (IOException e) {
      // client-go logs this and goes on with the system's trust
      LOG.error("Expected to load root CA config from {}, but got err: {}", caFile, e.toString());
    }
    ClusterConnection connection =
        new ClusterConnection(
            NAME, server, ca, null, false, null, false, ProxyFromEnvironment.of(environment));
    Credentials credentials =
        new Credentials(
            new TokenFileProvider(serviceAccount.resolve("token"), null, clock), null, null, null);
    return new ResolvedContext(
        NAME, namespace(environment, serviceAccount), NAME, connection, credentials, null);
  }

  private static String namespace(Map<String, String> environment, Path serviceAccount) {
    String ns = environment.getOrDefault("POD_NAMESPACE", "");
    if (!ns.isEmpty()) {
      return ns;
    }
    try {
      ns = Files.readString(serviceAccount.resolve("namespace"), StandardCharsets.UTF_8).strip();
      if (!ns.isEmpty()) {
        return ns;
      }
    } catch (IOException e) {
      // client-go falls back to "default"
    }
    return "default";
  }
}
