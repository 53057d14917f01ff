/**
 * Where logins keep tokens between runs: {@link dev.kubelogin.core.store.TokenStore} and the
 * file-per-key {@link dev.kubelogin.core.store.FileTokenStore} with its cross-process lock.
 */
package dev.kubelogin.core.store;
