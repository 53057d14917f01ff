/**
 * Exec credential plugins: the ExecCredential and {@code KUBERNETES_EXEC_INFO} codec ({@link
 * dev.kubelogin.core.exec.ExecCredentialCodec}) and the runner that caches a plugin's credential
 * until it expires ({@link dev.kubelogin.core.exec.ExecPluginTokenProvider}).
 */
package dev.kubelogin.core.exec;
