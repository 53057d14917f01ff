/**
 * Where logins keep tokens between runs: {@link dev.kubelogin.core.store.TokenStore} and the
 * file-per-key {@link dev.kubelogin.core.store.FileTokenStore} with its cross-process lock, and the
 * file primitives they are built on, for caches kept in another format: {@link
 * dev.kubelogin.core.store.AtomicFiles} (whole-file, owner-only writes that never follow a planted
 * link) and {@link dev.kubelogin.core.store.FileLocks} (locks shared with other processes,
 * kubectl's kubeconfig lock among them).
 */
package dev.kubelogin.core.store;
