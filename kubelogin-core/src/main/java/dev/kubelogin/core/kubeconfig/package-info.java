/**
 * The kubeconfig model ({@link dev.kubelogin.core.kubeconfig.Kubeconfig} and its stanzas), loaded
 * and merged with client-go's rules by {@link dev.kubelogin.core.kubeconfig.KubeconfigLoader} and
 * changed with kubectl's rules by {@link dev.kubelogin.core.kubeconfig.KubeconfigWriter}.
 */
package dev.kubelogin.core.kubeconfig;
