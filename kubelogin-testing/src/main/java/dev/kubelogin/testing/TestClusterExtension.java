package dev.kubelogin.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A JUnit 5 extension that runs a fake cluster and whom it trusts: a {@link FakeKubeApiServer}
 * trusting a {@link TestIdentityProvider} (JWTs for the client id, users by their plain subject,
 * groups from the {@code groups} claim), a {@link FakeEntra} (through the token webhook), or both;
 * and a ready kubeconfig for it. On a {@code static} {@code @RegisterExtension} field they run for
 * the test class; on an instance field, fresh ones run for each test. Test methods, constructors
 * and lifecycle methods may declare parameters of the types it runs.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestClusterExtension cluster =
 *     TestClusterExtension.builder()
 *         .identityProvider(TestIdentityProvider.builder().user("alice", List.of("developers")))
 *         .clientId("my-app")
 *         .build();
 *
 * @Test
 * void listsNamespaces(@TempDir Path dir) throws Exception {
 *   Path config = Files.writeString(dir.resolve("config"), cluster.kubeconfig());
 *   // code under test loads `config`; its exec plugin logs alice in, in-process
 *   ...
 *   assertThat(cluster.apiServer().requests()).last()...
 * }
 * }</pre>
 *
 * <p>Thread-safe; with JUnit's parallel execution, a static field's servers are shared by the
 * class's tests.
 */
public final class TestClusterExtension extends ExtensionLifecycle {
  /** The client id (the tokens' audience) unless {@link Builder#clientId} says otherwise. */
  public static final String DEFAULT_CLIENT_ID = "kubernetes";

  private final TestIdentityProvider.Builder identityProviderBuilder;
  private final FakeEntra.Builder entraBuilder;
  private final FakeKubeApiServer.Builder apiServerBuilder;
  private final String clientId;
  private volatile TestIdentityProvider identityProvider;
  private volatile FakeEntra entra;
  private volatile FakeKubeApiServer apiServer;

  private TestClusterExtension(Builder b) {
    this.identityProviderBuilder = b.identityProvider;
    this.entraBuilder = b.entra;
    this.apiServerBuilder = b.apiServer;
    this.clientId = b.clientId;
  }

  /**
   * A cluster trusting a {@link TestIdentityProvider} with its defaults for the client id {@value
   * #DEFAULT_CLIENT_ID}.
   */
  public static TestClusterExtension create() {
    return builder().build();
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The running API server.
   *
   * @throws IllegalStateException outside the tests of the class that registered the extension
   */
  public FakeKubeApiServer apiServer() {
    requireStarted("the fake cluster");
    return apiServer;
  }

  /**
   * The running identity provider the API server trusts.
   *
   * @throws IllegalStateException if the cluster has none, or outside the tests of the class that
   *     registered the extension
   */
  public TestIdentityProvider identityProvider() {
    requireStarted("the fake cluster");
    if (identityProvider == null) {
      throw new IllegalStateException(
          "this cluster trusts no TestIdentityProvider; add Builder.identityProvider");
    }
    return identityProvider;
  }

  /**
   * The running fake Entra ID the API server trusts.
   *
   * @throws IllegalStateException if the cluster has none, or outside the tests of the class that
   *     registered the extension
   */
  public FakeEntra entra() {
    requireStarted("the fake cluster");
    if (entra == null) {
      throw new IllegalStateException("this cluster trusts no FakeEntra; add Builder.entra");
    }
    return entra;
  }

  /** The client id the API server expects as the tokens' audience. */
  public String clientId() {
    return clientId;
  }

  /**
   * A kubeconfig (YAML) for the API server whose user logs in as the identity provider's
   * {@linkplain TestIdentityProvider#defaultUser() default user}; see {@link #kubeconfig(String)}.
   *
   * @throws IllegalStateException as {@link #identityProvider()}
   */
  public String kubeconfig() {
    return kubeconfig(identityProvider().defaultUser());
  }

  /**
   * A kubeconfig (YAML) with one context, {@code fake}: the API server, its CA inlined, and a user
   * whose exec plugin is {@code kubectl oidc-login get-token} with the password grant for {@code
   * user} (the provider takes any password), no token cache on disk, and the provider's CA when it
   * serves HTTPS. kubelogin's {@code KubeconfigResolver} serves that plugin in-process, so code
   * under test that loads the file gets tokens without any program installed; for other users'
   * blocks, use {@link FakeKubeApiServer#kubeconfig(String)}.
   *
   * @throws IllegalStateException as {@link #identityProvider()}
   */
  public String kubeconfig(String user) {
    Objects.requireNonNull(user, "user");
    TestIdentityProvider idp = identityProvider();
    return apiServer.kubeconfig(
        "exec:\n"
            + "  apiVersion: client.authentication.k8s.io/v1\n"
            + "  command: kubectl\n"
            + "  interactiveMode: Never\n"
            + "  args:\n"
            + "  - oidc-login\n"
            + "  - get-token\n"
            + "  - --oidc-issuer-url="
            + idp.issuerUrl()
            + "\n  - --oidc-client-id="
            + clientId
            + "\n  - --grant-type=password\n"
            + "  - --username="
            + user
            + "\n  - --password=test\n"
            + "  - --token-cache-storage=none\n"
            + (idp.issuerUrl().startsWith("https:")
                ? "  - --certificate-authority-data="
                    + Base64.getEncoder()
                        .encodeToString(
                            idp.certificateAuthorityPem().getBytes(StandardCharsets.UTF_8))
                    + "\n"
                : ""));
  }

  @Override
  void start() {
    try {
      FakeKubeApiServer.Builder api = apiServerBuilder.copy();
      if (identityProviderBuilder != null) {
        identityProvider = identityProviderBuilder.start();
        api.jwtIssuer(identityProvider.kubeApiServerIssuer(clientId));
      }
      if (entraBuilder != null) {
        FakeEntra e = entraBuilder.start();
        entra = e;
        api.tokenWebhook(e::review);
      }
      apiServer = api.start();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  @Override
  void stop() {
    if (apiServer != null) {
      apiServer.close();
      apiServer = null;
    }
    if (entra != null) {
      entra.close();
      entra = null;
    }
    if (identityProvider != null) {
      identityProvider.close();
      identityProvider = null;
    }
  }

  @Override
  Map<Class<?>, Supplier<?>> parameters() {
    Map<Class<?>, Supplier<?>> p = new HashMap<>();
    p.put(FakeKubeApiServer.class, () -> apiServer);
    if (identityProviderBuilder != null) {
      p.put(TestIdentityProvider.class, () -> identityProvider);
    }
    if (entraBuilder != null) {
      p.put(FakeEntra.class, () -> entra);
    }
    return p;
  }

  @Override
  public String toString() {
    return "TestClusterExtension{clientId=" + clientId + "}";
  }

  /** Builds a {@link TestClusterExtension}. Not thread-safe. */
  public static final class Builder {
    private TestIdentityProvider.Builder identityProvider;
    private FakeEntra.Builder entra;
    private FakeKubeApiServer.Builder apiServer = FakeKubeApiServer.builder();
    private String clientId = DEFAULT_CLIENT_ID;
    private boolean identityProviderSet;

    private Builder() {}

    /**
     * Runs a provider from {@code builder} that the API server trusts; the default when neither
     * this nor {@link #entra} is called. The extension keeps the builder: do not change it
     * afterwards.
     */
    public Builder identityProvider(TestIdentityProvider.Builder builder) {
      this.identityProvider = Objects.requireNonNull(builder, "builder");
      this.identityProviderSet = true;
      return this;
    }

    /**
     * Runs a fake Entra ID from {@code builder} whose access tokens the API server accepts through
     * its token webhook. Without {@link #identityProvider}, the cluster then trusts Entra only.
     */
    public Builder entra(FakeEntra.Builder builder) {
      this.entra = Objects.requireNonNull(builder, "builder");
      return this;
    }

    /**
     * The API server's settings (static tokens, clock, port, more issuers); trust in the providers
     * above is added to a copy at each start.
     */
    public Builder apiServer(FakeKubeApiServer.Builder builder) {
      this.apiServer = Objects.requireNonNull(builder, "builder");
      return this;
    }

    /**
     * The audience the API server expects of the provider's tokens; {@value
     * TestClusterExtension#DEFAULT_CLIENT_ID}.
     */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      return this;
    }

    /** Returns the extension; register it with {@code @RegisterExtension}. */
    public TestClusterExtension build() {
      if (!identityProviderSet && entra == null) {
        identityProvider = TestIdentityProvider.builder();
      }
      return new TestClusterExtension(this);
    }
  }
}
