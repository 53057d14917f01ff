package dev.kubelogin.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.resolve.ResolvedContext;
import dev.kubelogin.testing.AdapterFixture;
import dev.kubelogin.testing.ConnectProxy;
import dev.kubelogin.testing.RecordedRequest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fabric8 7.9 (Vert.x transport) against the fake API server, credentials from the resolver. */
class KubeloginFabric8Test {
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

  private static List<String> names(KubernetesClient client) {
    return client.namespaces().list().getItems().stream()
        .map(n -> n.getMetadata().getName())
        .collect(Collectors.toList());
  }

  @Test
  void newClient_execPluginWritingToStderr_listsNamespacesWithOneRun() {
    try (KubernetesClient client =
        KubeloginFabric8.newClient(fx.resolve(fx.execUser("IfAvailable")))) {
      assertThat(names(client)).containsExactly("default", "kube-system");
      names(client);
      names(client);
    }
    assertThat(fx.tokensSeen()).containsExactly("tok-1", "tok-1", "tok-1");
    assertThat(fx.plugin.runs()).isEqualTo(1);
    assertThat(fx.plugin.recorded("exec_info", 1)).contains("\"interactive\":false");
  }

  @Test
  void fabric8sOwnExecSupport_pluginWritingToStderr_sendsNoToken() {
    fx.resolve(fx.execUser("IfAvailable"));
    Config own = Config.fromKubeconfig(fx.server.kubeconfig(fx.execUser("IfAvailable")));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(own).build()) {
      assertThatThrownBy(() -> names(client))
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(401));
    }
    assertThat(fx.tokensSeen()).isEmpty();
  }

  @Test
  void tokenExpiresDuringLoop_nextRequestCarriesNewTokenWithoutRebuild() {
    try (KubernetesClient client =
        KubeloginFabric8.newClient(fx.resolve(fx.execUser("IfAvailable")))) {
      for (int i = 0; i < 3; i++) {
        names(client);
        fx.clock.advance(Duration.ofMinutes(10));
      }
      fx.clock.advance(AdapterFixture.LIFETIME);
      names(client);
      names(client);
    }
    assertThat(fx.tokensSeen()).containsExactly("tok-1", "tok-1", "tok-1", "tok-2", "tok-2");
    assertThat(fx.statuses()).containsOnly(200);
    assertThat(fx.plugin.runs()).isEqualTo(2);
  }

  @Test
  void revokedToken_401_refreshesOnceAndRetries() {
    try (KubernetesClient client =
        KubeloginFabric8.newClient(fx.resolve(fx.execUser("IfAvailable")))) {
      names(client);
      fx.server.revoke("tok-1");
      assertThat(names(client)).contains("default");
      names(client);
    }
    assertThat(fx.tokensSeen()).containsExactly("tok-1", "tok-1", "tok-2", "tok-2");
    assertThat(fx.statuses()).containsExactly(200, 401, 200, 200);
    assertThat(fx.plugin.runs()).isEqualTo(2);
  }

  @Test
  void revokedEveryTime_failsAfterOneRetry() {
    try (KubernetesClient client =
        KubeloginFabric8.newClient(fx.resolve(fx.execUser("IfAvailable")))) {
      names(client);
      fx.server.revoke("tok-1");
      fx.server.revoke("tok-2");
      assertThatThrownBy(() -> names(client))
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(401));
    }
    assertThat(fx.statuses()).containsExactly(200, 401, 401);
    assertThat(fx.plugin.runs()).isEqualTo(2);
  }

  @Test
  void revokedAgainWhileFabric8SendsTheRequestAgain_noSecondRefresh() throws Exception {
    // fabric8 sends a whole request again after a 5xx or an IOException (the retry after a 401
    // finding its pooled connection closed, which happens under load). Those attempts must not
    // refresh again when the refreshed token is refused too.
    try (MockWebServer api = new MockWebServer()) {
      api.enqueue(status(401, "Unauthorized"));
      api.enqueue(status(503, "ServiceUnavailable"));
      api.enqueue(status(401, "Unauthorized"));
      api.enqueue(
          new MockResponse.Builder()
              .code(200)
              .setHeader("Content-Type", "application/json")
              .body("{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"items\":[]}")
              .build());
      api.start();
      String url = api.url("/").toString();
      try (KubernetesClient client =
          KubeloginFabric8.newClient(
              fx.resolveAt(url.substring(0, url.length() - 1), fx.execUser("IfAvailable")))) {
        assertThatThrownBy(() -> names(client))
            .isInstanceOf(KubernetesClientException.class)
            .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(401));
      }
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < api.getRequestCount(); i++) {
        sent.add(api.takeRequest().getHeaders().get("Authorization"));
      }
      assertThat(sent).containsExactly("Bearer tok-1", "Bearer tok-2", "Bearer tok-2");
      assertThat(fx.plugin.runs()).isEqualTo(2);
    }
  }

  private static MockResponse status(int code, String reason) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\""
                + reason
                + "\",\"code\":"
                + code
                + "}")
        .build();
  }

  @Test
  void thirtyTwoThreadsAcrossExpiry_oneRefresh() throws Exception {
    try (KubernetesClient client =
        KubeloginFabric8.newClient(fx.resolve(fx.execUser("IfAvailable")))) {
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
    }
    assertThat(fx.plugin.runs()).isEqualTo(2);
    List<String> tokens = fx.tokensSeen();
    assertThat(tokens).hasSize(33);
    assertThat(tokens.subList(1, 33)).containsOnly("tok-2");
  }

  @Test
  void pluginNeedingInteraction_nonInteractiveApp_failsWithOurError() {
    try (KubernetesClient client = KubeloginFabric8.newClient(fx.resolve(fx.execUser("Always")))) {
      assertThatThrownBy(() -> names(client))
          .isInstanceOf(InteractionRequiredException.class)
          .hasMessageContaining("exec plugin cannot support interactive mode");
    }
    assertThat(fx.plugin.runs()).isZero();
    assertThat(fx.server.requests()).isEmpty();
  }

  @Test
  void pluginFailing_requestFailsWithTheReasonAsItsCause() {
    String failing = fx.execUser("IfAvailable").replace("[seqexp, tok]", "[fail]");
    try (KubernetesClient client = KubeloginFabric8.newClient(fx.resolve(failing))) {
      assertThatThrownBy(() -> names(client))
          .isInstanceOf(KubernetesClientException.class)
          .hasRootCauseInstanceOf(AuthenticationFailedException.class)
          .hasStackTraceContaining("failed with exit code 3");
    }
    // Sent without credentials, so that watches retry with fabric8's back-off; tried twice.
    assertThat(fx.statuses()).containsExactly(401);
    assertThat(fx.plugin.runs()).isEqualTo(2);
  }

  @Test
  void pluginTheUsersKubercDenies_notRun_requestFailsWithThePolicy() throws Exception {
    Files.createDirectories(dir.resolve(".kube"));
    Files.writeString(
        dir.resolve(".kube/kuberc"),
        "apiVersion: kubectl.config.k8s.io/v1beta1\nkind: Preference\n"
            + "credentialPluginPolicy: DenyAll\n");
    Map<String, String> env = Map.of("HOME", dir.toString(), "PATH", System.getenv("PATH"));

    try (KubernetesClient client =
        KubeloginFabric8.newClient(fx.resolveWith(fx.execUser("IfAvailable"), env))) {
      assertThatThrownBy(() -> names(client))
          .hasRootCauseInstanceOf(InvalidConfigurationException.class)
          .hasStackTraceContaining("not allowed: policy set to \"DenyAll\" (kuberc " + dir);
    }
    assertThat(fx.plugin.runs()).isZero();
    assertThat(fx.tokensSeen()).isEmpty();
  }

  @Test
  void impersonation_sentAsClientGoSendsIt() {
    String user =
        "token: tok-static\n"
            + "as: jane\n"
            + "as-uid: \"1234\"\n"
            + "as-groups: [dev, ops]\n"
            + "as-user-extra:\n"
            + "  acme.com/project: [alpha, beta]\n";
    try (KubernetesClient client = KubeloginFabric8.newClient(fx.resolve(user))) {
      names(client);
    }
    RecordedRequest r = fx.server.requests().get(0);
    assertThat(r.headers("Impersonate-User")).containsExactly("jane");
    assertThat(r.headers("Impersonate-Uid")).containsExactly("1234");
    assertThat(r.headers("Impersonate-Group")).containsExactly("dev", "ops");
    assertThat(r.headers("Impersonate-Extra-acme.com%2Fproject")).containsExactly("alpha", "beta");
    assertThat(r.bearerToken()).contains("tok-static");
  }

  @Test
  void tlsServerName_isTheNameTheCertificateMustCarry() {
    // The server's certificate names 127.0.0.1 and localhost; the URL's host is 127.0.0.1.
    try (KubernetesClient client =
        KubeloginFabric8.newClient(
            fx.resolve(fx.execUser("IfAvailable"), "tls-server-name: localhost"))) {
      assertThat(names(client)).contains("default");
    }
    try (KubernetesClient client =
        KubeloginFabric8.newClient(
            fx.resolve(fx.execUser("IfAvailable"), "tls-server-name: kubernetes.example"))) {
      assertThatThrownBy(() -> names(client))
          .isInstanceOf(KubernetesClientException.class)
          .hasStackTraceContaining("not valid for tls-server-name kubernetes.example");
    }
    assertThat(fx.tokensSeen()).containsExactly("tok-1");
  }

  @Test
  void proxyUrl_connectsThroughTheProxy() {
    try (ConnectProxy proxy = new ConnectProxy();
        KubernetesClient client =
            KubeloginFabric8.newClient(
                fx.resolve("token: tok-static", "proxy-url: " + proxy.url()))) {
      names(client);
      assertThat(proxy.targets()).containsExactly(fx.server.url().substring("https://".length()));
    }
    assertThat(fx.statuses()).containsExactly(200);
  }

  @Test
  void noProxyUrl_theProxyHttpsProxyNames_asClientGoChoosesIt() {
    String port = fx.server.url().replaceAll(".*:", "");
    String server = "https://kubernetes.example:" + port; // reachable only through the proxy
    try (ConnectProxy proxy = ConnectProxy.toLoopback();
        KubernetesClient client =
            KubeloginFabric8.newClient(
                fx.resolveAt(
                    server,
                    "token: tok-static",
                    "tls-server-name: 127.0.0.1",
                    Map.of("HTTPS_PROXY", proxy.url(), "NO_PROXY", "other.example")))) {
      names(client);
      assertThat(proxy.targets()).containsExactly("kubernetes.example:" + port);
    }
    assertThat(fx.statuses()).containsExactly(200);
  }

  @Test
  void oauthTokenProvider_inAConfigBuiltByHand_sendsTheCachedToken() {
    ResolvedContext ctx = fx.resolve(fx.execUser("IfAvailable"));
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(fx.server.url())
            .withCaCertData(
                Base64.getEncoder()
                    .encodeToString(
                        fx.server.certificateAuthorityPem().getBytes(StandardCharsets.UTF_8)))
            .withOauthTokenProvider(
                KubeloginFabric8.oauthTokenProvider(
                    ctx.credentials().tokenProvider().orElseThrow()))
            .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      names(client);
      names(client);
    }
    assertThat(fx.tokensSeen()).containsExactly("tok-1", "tok-1");
    assertThat(fx.plugin.runs()).isEqualTo(1);
  }

  @Test
  void config_carriesTheContextsFacts() {
    Config config =
        KubeloginFabric8.config(fx.resolve("token: tok-static\nas: jane\nas-groups: [dev]\n"));
    assertThat(config.getMasterUrl()).startsWith(fx.server.url());
    assertThat(config.getNamespace()).isEqualTo("default");
    assertThat(config.getImpersonateUsername()).isEqualTo("jane");
    assertThat(config.getImpersonateGroups()).containsExactly("dev");
    assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("tok-static");
  }

  @Test
  void config_hostnameCheckSkippedOnlyForInsecureClusters() {
    assertThat(
            KubeloginFabric8.config(
                    fx.resolve("token: tok-static", "tls-server-name: kubernetes.example"))
                .isDisableHostnameVerification())
        .as("with tls-server-name, a Config alone checks neither the name nor skips the host")
        .isFalse();
    assertThat(
            KubeloginFabric8.config(fx.resolve("token: tok-static"))
                .isDisableHostnameVerification())
        .isFalse();
  }
}
