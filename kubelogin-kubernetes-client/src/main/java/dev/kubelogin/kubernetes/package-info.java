/**
 * The official Kubernetes Java client (client-java) on kubelogin's credentials: {@link
 * dev.kubelogin.kubernetes.KubeloginKubernetesClient} builds {@code ApiClient}s for a kubeconfig
 * context, or the OkHttp interceptor and authenticator to add to your own.
 */
package dev.kubelogin.kubernetes;
