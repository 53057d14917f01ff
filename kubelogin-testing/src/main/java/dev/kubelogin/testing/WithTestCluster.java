package dev.kubelogin.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a fake cluster for the annotated test class, as a static {@link TestClusterExtension} field
 * would: a {@link TestIdentityProvider} (HTTP, or HTTPS with {@link #https()}), optionally a {@link
 * FakeEntra}, and a {@link FakeKubeApiServer} trusting them, injected as parameters of test
 * methods, constructors and lifecycle methods. For users, groups, claims or server settings, use
 * the extension's builder instead.
 *
 * <pre>{@code
 * @WithTestCluster(clientId = "my-app")
 * class MyTest {
 *   @Test
 *   void listsNamespaces(FakeKubeApiServer api, TestIdentityProvider idp) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(AnnotatedTestCluster.class)
public @interface WithTestCluster {
  /** The audience the API server expects; {@value TestClusterExtension#DEFAULT_CLIENT_ID}. */
  String clientId() default TestClusterExtension.DEFAULT_CLIENT_ID;

  /** Whether the identity provider serves HTTPS. */
  boolean https() default false;

  /** Whether a {@link FakeEntra} runs too, its access tokens accepted by the API server. */
  boolean entra() default false;
}
