/**
 * Azure/kubelogin in-process, on msal4j: {@link dev.kubelogin.azure.AzureTokenProvider} is its
 * {@code get-token} in every login mode ({@link dev.kubelogin.azure.LoginMode}) over the same token
 * cache, {@link dev.kubelogin.azure.AzureOptions} its flags with their environment precedence,
 * {@link dev.kubelogin.azure.AzureCloud} the sovereign clouds, {@link
 * dev.kubelogin.azure.KubeconfigConverter} its {@code convert-kubeconfig}, and {@link
 * dev.kubelogin.azure.AzureCredentialPlugin} serves its kubeconfig stanzas through the core
 * resolver.
 *
 * <p>No msal4j type appears in this package's public API; each login mode's msal4j code is in a
 * package-private class named after the mode.
 */
package dev.kubelogin.azure;
