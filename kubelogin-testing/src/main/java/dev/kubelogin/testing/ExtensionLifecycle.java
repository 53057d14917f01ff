package dev.kubelogin.testing;

import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The lifecycle the test-support extensions share: registered on a {@code static} field, started
 * before the first test of the class and stopped after its last; registered on an instance field,
 * started before each test and stopped after it. Only the context that started the resources stops
 * them, so a {@code @Nested} class reuses its outer class's. Parameters of the types {@link
 * #parameters()} names are injected into test methods, constructors and lifecycle methods.
 */
abstract class ExtensionLifecycle
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private final Object lock = new Object();
  private String startedBy; // unique id of the context that started; null while stopped

  /** Starts the resources. */
  abstract void start();

  /** Stops the resources; called once per {@link #start()}, even when a test failed. */
  abstract void stop();

  /** The injectable types and how to get each; asked only while started. */
  abstract Map<Class<?>, Supplier<?>> parameters();

  /** Throws unless started: a field read outside a test, or an extension never registered. */
  final void requireStarted(String what) {
    synchronized (lock) {
      if (startedBy == null) {
        throw new IllegalStateException(
            what
                + " is not running: register the extension with @RegisterExtension and use it"
                + " inside a test or a @BeforeEach/@BeforeAll method");
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    startFor(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    startFor(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stopFor(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopFor(context);
  }

  private void startFor(ExtensionContext context) {
    synchronized (lock) {
      if (startedBy != null) {
        return;
      }
      start();
      startedBy = context.getUniqueId();
    }
  }

  private void stopFor(ExtensionContext context) {
    synchronized (lock) {
      if (context.getUniqueId().equals(startedBy)) {
        startedBy = null;
        stop();
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameters().containsKey(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    requireStarted(parameter.getParameter().getType().getSimpleName());
    return parameters().get(parameter.getParameter().getType()).get();
  }
}
