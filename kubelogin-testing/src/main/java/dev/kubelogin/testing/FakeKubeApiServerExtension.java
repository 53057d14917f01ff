package dev.kubelogin.testing;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A JUnit 5 extension that runs a {@link FakeKubeApiServer} on its own (static tokens, issuers or
 * an {@link AuthenticationConfiguration} you configure): on a {@code static}
 * {@code @RegisterExtension} field, one for the test class; on an instance field, a fresh one per
 * test. Test methods, constructors and lifecycle methods may also declare a {@code
 * FakeKubeApiServer} parameter. For a server that trusts a provider the extension also runs, use
 * {@link TestClusterExtension}.
 *
 * <pre>{@code
 * @RegisterExtension
 * final FakeKubeApiServerExtension api =
 *     FakeKubeApiServerExtension.of(
 *         FakeKubeApiServer.builder().staticToken("t", new UserInfo("ops", List.of())));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FakeKubeApiServerExtension extends ExtensionLifecycle {
  private final FakeKubeApiServer.Builder builder;
  private volatile FakeKubeApiServer server;

  private FakeKubeApiServerExtension(FakeKubeApiServer.Builder builder) {
    this.builder = builder;
  }

  /**
   * An extension for servers started from {@code builder}, which it keeps: do not change the
   * builder afterwards.
   */
  public static FakeKubeApiServerExtension of(FakeKubeApiServer.Builder builder) {
    return new FakeKubeApiServerExtension(Objects.requireNonNull(builder, "builder"));
  }

  /**
   * The running server.
   *
   * @throws IllegalStateException outside the tests of the class that registered the extension
   */
  public FakeKubeApiServer get() {
    requireStarted("the fake API server");
    return server;
  }

  @Override
  void start() {
    server = builder.start();
  }

  @Override
  void stop() {
    server.close();
  }

  @Override
  Map<Class<?>, Supplier<?>> parameters() {
    return Map.of(FakeKubeApiServer.class, () -> server);
  }
}
