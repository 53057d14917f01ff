package dev.kubelogin.kubernetes;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.resolve.ClusterConnection;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.RequestAuthorizer;
import dev.kubelogin.core.resolve.ResolvedContext;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.Authentication;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.X509ExtendedTrustManager;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * Official Kubernetes Java client ({@code io.kubernetes:client-java}) clients for a kubeconfig
 * context, with kubelogin-java's credentials in-process:
 *
 * <pre>{@code
 * ApiClient client = KubeloginKubernetesClient.newClient();   // the current context
 * new CoreV1Api(client).listNamespace().execute();
 * }</pre>
 *
 * <p>What differs from {@code ClientBuilder.kubeconfig(...)} on the same kubeconfig:
 *
 * <ul>
 *   <li>The kubeconfig is read by {@link KubeconfigResolver} (client-go's rules); client-java never
 *       runs the exec plugin. int128 {@code oidc-login} and Azure {@code kubelogin} stanzas are
 *       served in-process when kubelogin-oidc or kubelogin-azure is on the class path; other
 *       plugins run with {@code KUBERNETES_EXEC_INFO} set and their credential cached until its
 *       {@code expirationTimestamp} (client-java runs them once and keeps the token forever).
 *   <li>Every request asks the cached provider, so a long-lived client sends a new token after the
 *       old one expires. A 401 drops the rejected token, refreshes once and retries.
 *   <li>Impersonation becomes {@code Impersonate-*} headers; {@code tls-server-name} is the name
 *       the server's certificate is checked against; {@code proxy-url} (http or socks5) and {@code
 *       insecure-skip-tls-verify} apply.
 * </ul>
 *
 * <p>All methods are thread-safe; each call builds new objects. Resolution errors are {@link
 * InvalidConfigurationException}s. When no token can be obtained, the call fails with an {@code
 * ApiException} whose cause (an {@code IOException}) has the {@link
 * dev.kubelogin.core.KubeloginException} that says why as its cause.
 */
public final class KubeloginKubernetesClient {
  private KubeloginKubernetesClient() {}

  /** A client for the current context of {@code KUBECONFIG} (or {@code ~/.kube/config}). */
  public static ApiClient newClient() {
    return newClient(KubeconfigResolver.defaults().resolve());
  }

  /** A client for the context {@code contextName} of {@code KUBECONFIG}. */
  public static ApiClient newClient(String contextName) {
    return newClient(KubeconfigResolver.defaults().resolve(contextName));
  }

  /** A client for a resolved context; see {@link KubeconfigResolver#builder()} for the options. */
  public static ApiClient newClient(ResolvedContext context) {
    return clientBuilder(context).build();
  }

  /**
   * A {@link ClientBuilder} with the server URL and an {@link Authentication} that sets up the
   * connection (TLS, proxy) and {@link #authentication}, to add your own settings (timeouts,
   * protocols) before {@code build()}. Its certificate authority and SSL settings are ignored: the
   * authentication replaces them with the context's.
   */
  public static ClientBuilder clientBuilder(ResolvedContext context) {
    Authentication tokens = authentication(context);
    return new ClientBuilder()
        .setBasePath(stripTrailingSlash(context.cluster().server()))
        .setAuthentication(
            client -> {
              client.setHttpClient(connect(client.getHttpClient(), context.cluster(), context));
              tokens.provide(client);
            });
  }

  /**
   * The {@link Authentication} for the context's tokens, basic auth and impersonation, for a {@link
   * ClientBuilder} you set up yourself (server and TLS are then yours to set; use {@link
   * #clientBuilder} to have them from the kubeconfig).
   */
  public static Authentication authentication(ResolvedContext context) {
    return new TokenAuthentication(RequestAuthorizer.of(context));
  }

  /**
   * The {@link Authentication} for bearer tokens from {@code tokens}, for a {@link ClientBuilder}
   * you set up yourself; for example with an {@code OidcTokenProvider} built in code rather than
   * from a kubeconfig. 401s are handled as above when {@code tokens} caches (see {@link
   * dev.kubelogin.core.TokenProvider#cached}).
   */
  public static Authentication authentication(TokenProvider tokens) {
    return new TokenAuthentication(RequestAuthorizer.of(tokens));
  }

  private static OkHttpClient connect(
      OkHttpClient http, ClusterConnection cluster, ResolvedContext context) {
    X509ExtendedTrustManager trust = cluster.trustManager();
    OkHttpClient.Builder b =
        http.newBuilder()
            .sslSocketFactory(
                cluster.socketFactory(trust, context.credentials().clientCertificate()), trust);
    if (cluster.trustManagerChecksHostname()) {
      b.hostnameVerifier((host, session) -> true); // the trust manager checked the name
    }
    if (cluster.proxyUrl().isPresent()) {
      URI proxy = URI.create(cluster.proxyUrl().get());
      Proxy.Type type;
      switch (proxy.getScheme()) {
        case "http":
          type = Proxy.Type.HTTP;
          break;
        case "socks5":
          type = Proxy.Type.SOCKS;
          break;
        default:
          throw new InvalidConfigurationException(
              "cluster \""
                  + cluster.name()
                  + "\": proxy-url "
                  + proxy.getScheme()
                  + "://… is not supported by OkHttp; use an http or socks5 proxy");
      }
      int port = proxy.getPort() != -1 ? proxy.getPort() : type == Proxy.Type.HTTP ? 80 : 1080;
      b.proxy(new Proxy(type, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
      String userInfo = proxy.getRawUserInfo();
      if (userInfo != null && type == Proxy.Type.HTTP) {
        String[] pair = userInfo.split(":", 2);
        String credential =
            Credentials.basic(
                URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "");
        b.proxyAuthenticator(
            (route, response) ->
                response.request().header("Proxy-Authorization") != null
                    ? null
                    : response
                        .request()
                        .newBuilder()
                        .header("Proxy-Authorization", credential)
                        .build());
      }
    } else {
      b.proxySelector(cluster.environmentProxySelector());
    }
    return b.build();
  }

  private static String stripTrailingSlash(String server) {
    return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
  }
}
