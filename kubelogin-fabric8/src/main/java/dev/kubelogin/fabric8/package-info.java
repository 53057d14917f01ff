/**
 * fabric8 Kubernetes clients on kubelogin's credentials: {@link
 * dev.kubelogin.fabric8.KubeloginFabric8} builds clients (or a {@code Config}) for a kubeconfig
 * context whose requests ask the token provider for a token each time, refresh once and retry on a
 * 401.
 */
package dev.kubelogin.fabric8;
