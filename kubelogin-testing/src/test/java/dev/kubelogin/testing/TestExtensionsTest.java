package dev.kubelogin.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.Events;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;

/**
 * The JUnit extensions' lifecycles, run through JUnit's own engine on the sample classes below
 * (which Surefire does not run by themselves: they are nested).
 */
class TestExtensionsTest {
  /** What the sample classes saw, in the order they saw it. */
  static final List<String> seen = new CopyOnWriteArrayList<>();

  private static Events run(Class<?> sample) {
    seen.clear();
    Events events =
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute().testEvents();
    events.failed().debug(System.err);
    return events;
  }

  private static boolean answers(String url) throws Exception {
    try {
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      return true; // it answered, not with HTTP (the API server speaks TLS)
    }
  }

  static String passwordToken(TestIdentityProvider idp, String clientId, String user)
      throws Exception {
    String form =
        Map.of("grant_type", "password", "username", user, "password", "x", "client_id", clientId)
            .entrySet()
            .stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpClient http =
        idp.issuerUrl().startsWith("https:")
            ? HttpClient.newBuilder()
                .sslContext(FakeKubeApiServerTest.trusting(idp.certificateAuthorityPem()))
                .build()
            : HttpClient.newHttpClient();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(idp.issuerUrl() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JsonParser.parseString(r.body()).getAsJsonObject().get("id_token").getAsString();
  }

  static String whoami(FakeKubeApiServer api, String token) throws Exception {
    HttpResponse<String> r =
        HttpClient.newBuilder()
            .sslContext(FakeKubeApiServerTest.trusting(api.certificateAuthorityPem()))
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create(api.url() + "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  // ---- static field: one provider for the class, nested classes included ----

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class StaticProvider {
    @RegisterExtension
    static final TestIdentityProviderExtension idp =
        TestIdentityProviderExtension.of(TestIdentityProvider.builder().defaultUser("bob"));

    @Test
    @Order(1)
    void first(TestIdentityProvider injected) {
      assertThat(injected).isSameAs(idp.get());
      seen.add(idp.get().issuerUrl());
    }

    @Test
    @Order(2)
    void second() {
      seen.add(idp.get().issuerUrl());
      seen.add(idp.get().defaultUser());
    }

    @Nested
    class One {
      @Test
      void nested() {
        seen.add(idp.get().issuerUrl());
      }
    }

    @Nested
    class Two {
      @Test
      void nested() {
        seen.add(idp.get().issuerUrl());
      }
    }
  }

  @Test
  void staticField_oneProviderForTheClassAndItsNestedClasses_stoppedAfterIt() throws Exception {
    run(StaticProvider.class).assertStatistics(s -> s.succeeded(4).failed(0));

    assertThat(seen).hasSize(5);
    String issuer = seen.get(0);
    assertThat(seen).containsExactly(issuer, issuer, "bob", issuer, issuer);
    assertThat(answers(issuer + "/.well-known/openid-configuration")).isFalse();
  }

  // ---- instance field: a fresh fake per test ----

  static class PerMethodEntra {
    @RegisterExtension final FakeEntraExtension entra = FakeEntraExtension.create();

    @BeforeEach
    void before(FakeEntra injected) {
      assertThat(injected).isSameAs(entra.get());
    }

    @Test
    void one() {
      seen.add(entra.get().authorityHost());
    }

    @Test
    void two() {
      seen.add(entra.get().authorityHost());
    }
  }

  @Test
  void instanceField_aFreshFakePerTest_eachStopped() throws Exception {
    run(PerMethodEntra.class).assertStatistics(s -> s.succeeded(2).failed(0));

    assertThat(seen).hasSize(2).doesNotHaveDuplicates();
    for (String host : seen) {
      assertThat(answers(host)).isFalse();
    }
  }

  // ---- the cluster: API server trusting the provider, and Entra ----

  static class Cluster {
    @RegisterExtension
    static final TestClusterExtension cluster =
        TestClusterExtension.builder()
            .identityProvider(TestIdentityProvider.builder().user("alice", List.of("developers")))
            .entra(FakeEntra.builder())
            .apiServer(
                FakeKubeApiServer.builder()
                    .staticToken("static", new UserInfo("ops", List.of("admins"))))
            .clientId("my-app")
            .build();

    static String url;

    @Test
    void trustsTheProviderEntraAndItsOwnSettings(
        FakeKubeApiServer api, TestIdentityProvider idp, FakeEntra entra) throws Exception {
      assertThat(api).isSameAs(cluster.apiServer());
      assertThat(idp).isSameAs(cluster.identityProvider());
      assertThat(entra).isSameAs(cluster.entra());
      url = api.url();
      seen.add(whoami(api, passwordToken(idp, "my-app", "alice")));
      seen.add(whoami(api, passwordToken(idp, "another-app", "alice")));
      seen.add(whoami(api, "static"));
      seen.add(whoami(api, "user-at-0"));
    }

    @Test
    void kubeconfig_execPluginForTheProviderNoCacheOnDisk() {
      seen.add(cluster.kubeconfig());
    }

    @AfterAll
    static void after() {
      seen.add(cluster.apiServer().url());
    }
  }

  @Test
  void cluster_serverTrustsItsProvidersWithOneCall() throws Exception {
    run(Cluster.class).assertStatistics(s -> s.succeeded(2).failed(0));

    assertThat(seen.get(0))
        .startsWith("201 ")
        .contains("\"username\":\"alice\"", "\"groups\":[\"developers\",\"system:authenticated\"]");
    assertThat(seen.get(1)).as("another audience").startsWith("401 ");
    assertThat(seen.get(2)).startsWith("201 ").contains("\"username\":\"ops\"");
    assertThat(seen.get(3)).as("an Entra token never issued").startsWith("401 ");
    String kubeconfig = seen.get(4);
    assertThat(kubeconfig)
        .contains("server: " + seen.get(5))
        .contains("command: kubectl", "  - oidc-login\n", "  - get-token\n")
        .contains("  - --oidc-client-id=my-app\n", "  - --username=alice\n")
        .contains("  - --grant-type=password\n", "  - --token-cache-storage=none\n");
    assertThat(answers(seen.get(5).replace("https:", "http:"))).isFalse();
  }

  // ---- the annotation, and the API server alone ----

  @WithTestCluster(clientId = "annotated", https = true)
  static class Annotated {
    @Test
    void injected(FakeKubeApiServer api, TestIdentityProvider idp) throws Exception {
      seen.add(idp.issuerUrl());
      seen.add(whoami(api, passwordToken(idp, "annotated", "alice")));
    }

    @Nested
    class Inner {
      @Test
      void sameCluster(TestIdentityProvider idp) {
        seen.add(idp.issuerUrl());
      }
    }
  }

  @Test
  void annotation_aClusterForTheClassAndItsNestedClasses() throws Exception {
    run(Annotated.class).assertStatistics(s -> s.succeeded(2).failed(0));

    assertThat(seen.get(0)).startsWith("https://127.0.0.1:");
    assertThat(seen.get(1)).startsWith("201 ").contains("\"username\":\"alice\"");
    assertThat(seen.get(2)).isEqualTo(seen.get(0));
    assertThat(answers(seen.get(0).replace("https:", "http:"))).isFalse();
  }

  static class ServerOnly {
    @RegisterExtension
    static final FakeKubeApiServerExtension api =
        FakeKubeApiServerExtension.of(
            FakeKubeApiServer.builder().staticToken("t", new UserInfo("ops", List.of())));

    @Test
    void staticToken(FakeKubeApiServer injected) throws Exception {
      assertThat(injected).isSameAs(api.get());
      seen.add(whoami(injected, "t"));
    }
  }

  @Test
  void apiServerAlone_runsWithItsSettings() throws Exception {
    run(ServerOnly.class).assertStatistics(s -> s.succeeded(1).failed(0));

    assertThat(seen).singleElement().asString().startsWith("201 ").contains("\"username\":\"ops\"");
  }

  // ---- misuse ----

  static class Unconfigured {
    @RegisterExtension static final TestClusterExtension cluster = TestClusterExtension.create();

    @Test
    void entraParameter(FakeEntra entra) {}

    @Test
    void entraAccessor() {
      cluster.entra();
    }
  }

  @Test
  void unconfiguredParts_clearErrors() {
    Events events = run(Unconfigured.class);

    events.assertStatistics(s -> s.failed(2));
    events
        .failed()
        .assertThatEvents()
        .haveExactly(
            1,
            EventConditions.finishedWithFailure(
                TestExecutionResultConditions.instanceOf(ParameterResolutionException.class)))
        .haveExactly(
            1,
            EventConditions.finishedWithFailure(
                TestExecutionResultConditions.message(
                    "this cluster trusts no FakeEntra; add Builder.entra")));
  }

  @Test
  void outsideATest_saysHowToRegister() {
    TestIdentityProviderExtension idp = TestIdentityProviderExtension.create();

    assertThatThrownBy(idp::get)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@RegisterExtension");
  }
}
