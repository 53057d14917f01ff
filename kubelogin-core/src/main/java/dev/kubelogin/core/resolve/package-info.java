/**
 * From a kubeconfig context to what a client needs ({@link
 * dev.kubelogin.core.resolve.KubeconfigResolver}), and the SPI through which other modules serve
 * known plugins in-process ({@link dev.kubelogin.core.resolve.CredentialPlugin}).
 */
package dev.kubelogin.core.resolve;
