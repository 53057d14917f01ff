package dev.kubelogin.testing;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A JUnit 5 extension that runs a {@link TestIdentityProvider}: on a {@code static}
 * {@code @RegisterExtension} field, one for the test class; on an instance field, a fresh one per
 * test. Test methods, constructors and lifecycle methods may also declare a {@code
 * TestIdentityProvider} parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestIdentityProviderExtension idp =
 *     TestIdentityProviderExtension.of(TestIdentityProvider.builder().user("alice", List.of("dev")));
 *
 * @Test
 * void login() {
 *   String issuer = idp.get().issuerUrl();
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe; with JUnit's parallel execution, a static field's provider is shared by the
 * class's tests.
 */
public final class TestIdentityProviderExtension extends ExtensionLifecycle {
  private final TestIdentityProvider.Builder builder;
  private volatile TestIdentityProvider provider;

  private TestIdentityProviderExtension(TestIdentityProvider.Builder builder) {
    this.builder = builder;
  }

  /** An extension for a provider with {@link TestIdentityProvider.Builder}'s defaults. */
  public static TestIdentityProviderExtension create() {
    return of(TestIdentityProvider.builder());
  }

  /**
   * An extension for providers started from {@code builder}, which it keeps: do not change the
   * builder afterwards.
   */
  public static TestIdentityProviderExtension of(TestIdentityProvider.Builder builder) {
    return new TestIdentityProviderExtension(Objects.requireNonNull(builder, "builder"));
  }

  /**
   * The running provider.
   *
   * @throws IllegalStateException outside the tests of the class that registered the extension
   */
  public TestIdentityProvider get() {
    requireStarted("the test identity provider");
    return provider;
  }

  @Override
  void start() {
    provider = builder.start();
  }

  @Override
  void stop() {
    provider.close();
  }

  @Override
  Map<Class<?>, Supplier<?>> parameters() {
    return Map.of(TestIdentityProvider.class, () -> provider);
  }
}
