/**
 * Test support: {@link dev.kubelogin.testing.FakeKubeApiServer}, a fake kube-apiserver that
 * authenticates like the real one (from {@code --oidc-*} flags or a cluster's {@link
 * dev.kubelogin.testing.AuthenticationConfiguration}), {@link dev.kubelogin.testing.FakeEntra}, a
 * fake Microsoft Entra ID for every Azure login mode, and {@link dev.kubelogin.testing.TestIssuer},
 * a JWT issuer for validation tests; and JUnit 5 extensions that run them for a test class or a
 * test: {@link dev.kubelogin.testing.TestClusterExtension}, {@link
 * dev.kubelogin.testing.TestIdentityProviderExtension}, {@link
 * dev.kubelogin.testing.FakeEntraExtension}.
 */
package dev.kubelogin.testing;
