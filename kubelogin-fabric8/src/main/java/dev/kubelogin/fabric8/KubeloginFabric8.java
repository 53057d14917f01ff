package dev.kubelogin.fabric8;

import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.resolve.ClusterConnection;
import dev.kubelogin.core.resolve.Credentials;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.RequestAuthorizer;
import dev.kubelogin.core.resolve.ResolvedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * fabric8 kubernetes-client clients for a kubeconfig context, with kubelogin-java's credentials
 * in-process:
 *
 * <pre>{@code
 * try (KubernetesClient client = KubeloginFabric8.newClient()) {   // the current context
 *   client.namespaces().list();
 * }
 * }</pre>
 *
 * <p>What differs from {@code new KubernetesClientBuilder().build()} on the same kubeconfig:
 *
 * <ul>
 *   <li>The kubeconfig is read by {@link KubeconfigResolver} (client-go's rules); fabric8 never
 *       runs the exec plugin itself. int128 {@code oidc-login} and Azure {@code kubelogin} stanzas
 *       are served in-process when kubelogin-oidc or kubelogin-azure is on the class path; other
 *       plugins run with stderr kept apart from the JSON, {@code KUBERNETES_EXEC_INFO} set, and
 *       their credential cached until its {@code expirationTimestamp}.
 *   <li>Every request asks the cached {@link TokenProvider}, so a long-lived client sends a new
 *       token after the old one expires, without being rebuilt. A 401 drops the rejected token,
 *       refreshes once (however many requests saw it) and retries the request.
 *   <li>The kubeconfig's {@code as}, {@code as-uid}, {@code as-groups} and {@code as-user-extra}
 *       become {@code Impersonate-*} headers, {@code tls-server-name} is the name the server's
 *       certificate is checked against (fabric8 7.9 only logs that it does not support it), and
 *       {@code proxy-url} and {@code insecure-skip-tls-verify} apply.
 * </ul>
 *
 * <p>All methods are thread-safe; each call builds new objects. Resolution errors are {@link
 * dev.kubelogin.core.InvalidConfigurationException}s; a token that cannot be obtained fails the
 * request with a {@link io.fabric8.kubernetes.client.KubernetesClientException} whose cause is the
 * {@link dev.kubelogin.core.KubeloginException} that says why (for example {@link
 * dev.kubelogin.core.InteractionRequiredException} with the command that logs in).
 */
public final class KubeloginFabric8 {
  private KubeloginFabric8() {}

  /** A client for the current context of {@code KUBECONFIG} (or {@code ~/.kube/config}). */
  public static KubernetesClient newClient() {
    return newClient(KubeconfigResolver.defaults().resolve());
  }

  /** A client for the context {@code contextName} of {@code KUBECONFIG}. */
  public static KubernetesClient newClient(String contextName) {
    return newClient(KubeconfigResolver.defaults().resolve(contextName));
  }

  /** A client for a resolved context; see {@link KubeconfigResolver#builder()} for the options. */
  public static KubernetesClient newClient(ResolvedContext context) {
    return clientBuilder(context).build();
  }

  /**
   * A client builder with {@link #config} and {@link #httpClientCustomizer} set, to add your own
   * settings before {@code build()}. fabric8 keeps a single HTTP client consumer: to add one, chain
   * it after ours, {@code withHttpClientBuilderConsumer(httpClientCustomizer(ctx).andThen(yours))}.
   */
  public static KubernetesClientBuilder clientBuilder(ResolvedContext context) {
    return new KubernetesClientBuilder()
        .withConfig(config(context))
        .withHttpClientBuilderConsumer(httpClientCustomizer(context));
  }

  /**
   * A fabric8 {@link Config} with the context's connection facts, namespace, impersonation and
   * credentials, built from {@link Config#empty()} so that fabric8 reads no kubeconfig and runs no
   * plugin. The token comes from an {@link #oauthTokenProvider}; on its own this Config cannot drop
   * a token the server rejects, and fabric8 cannot send {@code Impersonate-Uid} or check {@code
   * tls-server-name}: add {@link #httpClientCustomizer} for those.
   */
  public static Config config(ResolvedContext context) {
    ClusterConnection cluster = context.cluster();
    Credentials credentials = context.credentials();
    ConfigBuilder b =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(cluster.server())
            .withNamespace(context.namespace().orElse("default"))
            .withTrustCerts(cluster.insecureSkipTlsVerify())
            // Only for insecure clusters: with a tls-server-name this Config alone checks the CA
            // but not the name, and must not skip the host check on top of that.
            .withDisableHostnameVerification(cluster.insecureSkipTlsVerify());
    cluster
        .certificateAuthorityPem()
        .ifPresent(pem -> b.withCaCertData(Base64.getEncoder().encodeToString(pem)));
    String proxy = cluster.proxyUrl().orElseGet(() -> environmentProxy(cluster));
    if (proxy != null) {
      b.withHttpProxy(proxy).withHttpsProxy(proxy);
    }
    credentials
        .tokenProvider()
        .ifPresent(tokens -> b.withOauthTokenProvider(oauthTokenProvider(tokens)));
    credentials.username().ifPresent(b::withUsername);
    credentials.password().ifPresent(b::withPassword);
    context
        .impersonation()
        .ifPresent(
            i ->
                b.withImpersonateUsername(i.user())
                    .withImpersonateGroups(i.groups().toArray(new String[0]))
                    .withImpersonateExtras(i.extra()));
    return b.build();
  }

  /**
   * The HTTP client settings for the context: our TLS (CA, {@code tls-server-name}, a client
   * certificate asked for at each handshake) and our {@code "TOKEN"} interceptor in place of
   * fabric8's, which sends the token, the basic auth or the impersonation headers and handles 401s
   * as described above. fabric8's {@code "IMPERSONATOR"} interceptor is replaced too, since ours
   * sends those headers.
   */
  public static Consumer<HttpClient.Builder> httpClientCustomizer(ResolvedContext context) {
    ClusterConnection cluster = context.cluster();
    Credentials credentials = context.credentials();
    TokenInterceptor tokens = new TokenInterceptor(RequestAuthorizer.of(context));
    return builder -> {
      builder.sslContext(
          credentials.clientCertificate().map(c -> new KeyManager[] {c.keyManager()}).orElse(null),
          new TrustManager[] {cluster.trustManager()});
      // SNI: fabric8's Jetty transport sends it; its Vert.x transport cannot and logs so. The
      // trust manager checks the name either way.
      cluster.tlsServerName().ifPresent(builder::tlsServerName);
      builder.addOrReplaceInterceptor(TokenInterceptor.NAME, tokens);
      builder.addOrReplaceInterceptor("IMPERSONATOR", new Interceptor() {});
    };
  }

  /**
   * {@code tokens} as a fabric8 {@link OAuthTokenProvider}, for a {@link Config} you build
   * yourself. fabric8 calls it before every request; it answers from the provider's cache. It
   * cannot tell a retry after a 401 from any other call, so a token the server revoked is sent
   * until it expires; prefer {@link #httpClientCustomizer}, which handles that.
   */
  public static OAuthTokenProvider oauthTokenProvider(TokenProvider tokens) {
    Objects.requireNonNull(tokens, "tokens");
    return new OAuthTokenProvider() {
      @Override
      public String getToken() {
        return tokens.token().value();
      }

      @Override
      public String toString() {
        return "OAuthTokenProvider{" + tokens + "}";
      }
    };
  }

  /**
   * The proxy client-go would take for the server from the environment ({@code HTTPS_PROXY}, {@code
   * NO_PROXY}, …), as a URL for fabric8's Config; null for a direct connection.
   */
  private static String environmentProxy(ClusterConnection cluster) {
    Proxy p = cluster.environmentProxySelector().select(URI.create(cluster.server())).get(0);
    if (!(p.address() instanceof InetSocketAddress)) {
      return null;
    }
    InetSocketAddress a = (InetSocketAddress) p.address();
    return (p.type() == Proxy.Type.SOCKS ? "socks5://" : "http://")
        + a.getHostString()
        + ":"
        + a.getPort();
  }
}
