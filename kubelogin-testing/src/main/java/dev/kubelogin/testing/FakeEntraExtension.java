package dev.kubelogin.testing;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A JUnit 5 extension that runs a {@link FakeEntra}: on a {@code static} {@code @RegisterExtension}
 * field, one for the test class; on an instance field, a fresh one per test (its recorded requests
 * and settings then start empty for every test). Test methods, constructors and lifecycle methods
 * may also declare a {@code FakeEntra} parameter.
 *
 * <pre>{@code
 * @RegisterExtension final FakeEntraExtension entra = FakeEntraExtension.create();
 *
 * @Test
 * void spn() {
 *   AzureTokenProvider p = AzureTokenProvider.builder(options).routeRequests(entra.get()::redirect).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FakeEntraExtension extends ExtensionLifecycle {
  private final FakeEntra.Builder builder;
  private volatile FakeEntra entra;

  private FakeEntraExtension(FakeEntra.Builder builder) {
    this.builder = builder;
  }

  /**
   * An extension for a plain-HTTP {@link FakeEntra}, reached through {@link FakeEntra#redirect}.
   */
  public static FakeEntraExtension create() {
    return of(FakeEntra.builder());
  }

  /**
   * An extension for fakes started from {@code builder} (for example {@code
   * FakeEntra.builder().https()}), which it keeps: do not change the builder afterwards.
   */
  public static FakeEntraExtension of(FakeEntra.Builder builder) {
    return new FakeEntraExtension(Objects.requireNonNull(builder, "builder"));
  }

  /**
   * The running fake.
   *
   * @throws IllegalStateException outside the tests of the class that registered the extension
   */
  public FakeEntra get() {
    requireStarted("the fake Entra ID");
    return entra;
  }

  @Override
  void start() {
    entra = builder.start();
  }

  @Override
  void stop() {
    entra.close();
  }

  @Override
  Map<Class<?>, Supplier<?>> parameters() {
    return Map.of(FakeEntra.class, () -> entra);
  }
}
