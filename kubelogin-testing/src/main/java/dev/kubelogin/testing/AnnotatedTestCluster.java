package dev.kubelogin.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What {@link WithTestCluster} registers: a {@link TestClusterExtension} built from the annotation,
 * kept in the class's extension store so that nested classes share it.
 */
final class AnnotatedTestCluster implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AnnotatedTestCluster.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    if (cluster(context) != null) {
      return; // an enclosing class's cluster
    }
    WithTestCluster settings =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithTestCluster.class)
            .orElseThrow();
    TestIdentityProvider.Builder idp = TestIdentityProvider.builder();
    if (settings.https()) {
      idp.https();
    }
    TestClusterExtension.Builder b =
        TestClusterExtension.builder().identityProvider(idp).clientId(settings.clientId());
    if (settings.entra()) {
      b.entra(FakeEntra.builder());
    }
    TestClusterExtension cluster = b.build();
    cluster.beforeAll(context);
    context.getStore(NAMESPACE).put(TestClusterExtension.class, cluster);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestClusterExtension cluster =
        context.getStore(NAMESPACE).get(TestClusterExtension.class, TestClusterExtension.class);
    if (cluster != null) {
      cluster.afterAll(context); // stops only in the class that started it
    }
  }

  private static TestClusterExtension cluster(ExtensionContext context) {
    return context.getStore(NAMESPACE).get(TestClusterExtension.class, TestClusterExtension.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    TestClusterExtension cluster = cluster(context);
    return cluster != null && cluster.supportsParameter(parameter, context);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestClusterExtension cluster = cluster(context);
    if (cluster == null) {
      throw new ParameterResolutionException("no @WithTestCluster cluster is running");
    }
    return cluster.resolveParameter(parameter, context);
  }
}
