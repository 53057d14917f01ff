package dev.kubelogin.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.resolve.ResolvedContext;
import dev.kubelogin.testing.AdapterFixture;
import dev.kubelogin.testing.ConnectProxy;
import dev.kubelogin.testing.RecordedRequest;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.ClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** client-java 27 against the fake API server, credentials from the resolver. */
class KubeloginKubernetesClientTest {
  @TempDir Path dir;
  AdapterFixture fx;

  @BeforeEach
  void start() {
    fx = new AdapterFixture(dir);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private static List<String> names(ApiClient client) throws ApiException {
    return new CoreV1Api(client)
        .listNamespace().execute().getItems().stream()
            .map(n -> n.getMetadata().getName())
            .collect(Collectors.toList());
  }

  @Test
  void newClient_execPluginWritingToStderr_listsNamespacesWithOneRun() throws Exception {
    ApiClient client = KubeloginKubernetesClient.newClient(fx.resolve(fx.execUser("IfAvailable")));
    assertThat(names(client)).containsExactly("default", "kube-system");
    names(client);
    names(client);
    assertThat(fx.tokensSeen()).containsExactly("tok-1", "tok-1", "tok-1");
    assertThat(fx.plugin.runs()).isEqualTo(1);
  }

  @Test
  void tokenExpiresDuringLoop_nextRequestCarriesNewTokenWithoutRebuild() throws Exception {
    ApiClient client = KubeloginKubernetesClient.newClient(fx.resolve(fx.execUser("IfAvailable")));
    for (int i = 0; i < 3; i++) {
      names(client);
      fx.clock.advance(Duration.ofMinutes(10));
    }
    fx.clock.advance(AdapterFixture.LIFETIME);
    names(client);
    names(client);
    assertThat(fx.tokensSeen()).containsExactly("tok-1", "tok-1", "tok-1", "tok-2", "tok-2");
    assertThat(fx.statuses()).containsOnly(200);
    assertThat(fx.plugin.runs()).isEqualTo(2);
  }

  @Test
  void revokedToken_401_refreshesOnceAndRetries() throws Exception {
    ApiClient client = KubeloginKubernetesClient.newClient(fx.resolve(fx.execUser("IfAvailable")));
    names(client);
    fx.server.revoke("tok-1");
    assertThat(names(client)).contains("default");
    names(client);
    assertThat(fx.tokensSeen()).containsExactly("tok-1", "tok-1", "tok-2", "tok-2");
    assertThat(fx.statuses()).containsExactly(200, 401, 200, 200);
    assertThat(fx.plugin.runs()).isEqualTo(2);
  }

  @Test
  void revokedEveryTime_failsAfterOneRetry() throws Exception {
    ApiClient client = KubeloginKubernetesClient.newClient(fx.resolve(fx.execUser("IfAvailable")));
    names(client);
    fx.server.revoke("tok-1");
    fx.server.revoke("tok-2");
    assertThatThrownBy(() -> names(client))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(401));
    assertThat(fx.statuses()).containsExactly(200, 401, 401);
    assertThat(fx.plugin.runs()).isEqualTo(2);
  }

  @Test
  void thirtyTwoThreadsAcrossExpiry_oneRefresh() throws Exception {
    ApiClient client = KubeloginKubernetesClient.newClient(fx.resolve(fx.execUser("IfAvailable")));
    names(client);
    fx.clock.advance(AdapterFixture.LIFETIME.plusMinutes(1));
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<List<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  return names(client);
                }));
      }
      go.countDown();
      for (Future<List<String>> call : calls) {
        assertThat(call.get()).contains("default");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fx.plugin.runs()).isEqualTo(2);
    List<String> tokens = fx.tokensSeen();
    assertThat(tokens).hasSize(33);
    assertThat(tokens.subList(1, 33)).containsOnly("tok-2");
  }

  @Test
  void pluginNeedingInteraction_nonInteractiveApp_failsWithOurError() {
    ApiClient client = KubeloginKubernetesClient.newClient(fx.resolve(fx.execUser("Always")));
    assertThatThrownBy(() -> names(client))
        .isInstanceOf(ApiException.class)
        .hasRootCauseInstanceOf(InteractionRequiredException.class)
        .rootCause()
        .hasMessageContaining("exec plugin cannot support interactive mode");
    assertThat(fx.plugin.runs()).isZero();
    assertThat(fx.server.requests()).isEmpty();
  }

  @Test
  void impersonation_sentAsClientGoSendsIt() throws Exception {
    String user =
        "token: tok-static\n"
            + "as: jane\n"
            + "as-uid: \"1234\"\n"
            + "as-groups: [dev, ops]\n"
            + "as-user-extra:\n"
            + "  acme.com/project: [alpha, beta]\n";
    names(KubeloginKubernetesClient.newClient(fx.resolve(user)));
    RecordedRequest r = fx.server.requests().get(0);
    assertThat(r.headers("Impersonate-User")).containsExactly("jane");
    assertThat(r.headers("Impersonate-Uid")).containsExactly("1234");
    assertThat(r.headers("Impersonate-Group")).containsExactly("dev", "ops");
    assertThat(r.headers("Impersonate-Extra-acme.com%2Fproject")).containsExactly("alpha", "beta");
    assertThat(r.bearerToken()).contains("tok-static");
  }

  @Test
  void tlsServerName_isTheNameTheCertificateMustCarry() throws Exception {
    // The server's certificate names 127.0.0.1 and localhost; the URL's host is 127.0.0.1.
    ApiClient good =
        KubeloginKubernetesClient.newClient(
            fx.resolve(fx.execUser("IfAvailable"), "tls-server-name: localhost"));
    assertThat(names(good)).contains("default");
    // asked for by name in the handshake (SNI), which the JDK never sends for an IP address
    assertThat(fx.server.requests().get(0).serverName()).contains("localhost");
    ApiClient bad =
        KubeloginKubernetesClient.newClient(
            fx.resolve(fx.execUser("IfAvailable"), "tls-server-name: kubernetes.example"));
    assertThatThrownBy(() -> names(bad))
        .isInstanceOf(ApiException.class)
        .hasStackTraceContaining("not valid for tls-server-name kubernetes.example");
    assertThat(fx.tokensSeen()).containsExactly("tok-1");
  }

  @Test
  void proxyUrl_connectsThroughTheProxy() throws Exception {
    try (ConnectProxy proxy = new ConnectProxy()) {
      names(
          KubeloginKubernetesClient.newClient(
              fx.resolve("token: tok-static", "proxy-url: " + proxy.url())));
      assertThat(proxy.targets()).containsExactly(fx.server.url().substring("https://".length()));
    }
    assertThat(fx.statuses()).containsExactly(200);
  }

  @Test
  void noProxyUrl_theProxyHttpsProxyNames_asClientGoChoosesIt() throws Exception {
    String port = fx.server.url().replaceAll(".*:", "");
    String server = "https://kubernetes.example:" + port; // reachable only through the proxy
    try (ConnectProxy proxy = ConnectProxy.toLoopback()) {
      names(
          KubeloginKubernetesClient.newClient(
              fx.resolveAt(
                  server,
                  "token: tok-static",
                  "tls-server-name: 127.0.0.1",
                  Map.of("HTTPS_PROXY", proxy.url(), "NO_PROXY", "other.example"))));
      assertThat(proxy.targets()).containsExactly("kubernetes.example:" + port);
    }
    assertThat(fx.statuses()).containsExactly(200);
  }

  @Test
  void authentication_onAClientBuilderSetUpByHand_sendsTheCachedToken() throws Exception {
    ResolvedContext ctx = fx.resolve(fx.execUser("IfAvailable"));
    ApiClient client =
        new ClientBuilder()
            .setBasePath(fx.server.url())
            .setCertificateAuthority(
                fx.server.certificateAuthorityPem().getBytes(StandardCharsets.UTF_8))
            .setAuthentication(KubeloginKubernetesClient.authentication(ctx))
            .build();
    names(client);
    names(client);
    assertThat(fx.tokensSeen()).containsExactly("tok-1", "tok-1");
    assertThat(fx.plugin.runs()).isEqualTo(1);
  }
}
