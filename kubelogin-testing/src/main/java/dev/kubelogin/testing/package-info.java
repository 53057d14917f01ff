/**
 * Test support: {@link dev.kubelogin.testing.FakeKubeApiServer}, a fake kube-apiserver that
 * authenticates like the real one, and {@link dev.kubelogin.testing.TestIssuer}, a JWT issuer for
 * validation tests.
 */
package dev.kubelogin.testing;
