/**
 * The {@code kubelogin} and {@code kubectl-oidc_login} commands: {@link dev.kubelogin.cli.Main}
 * dispatches to {@code get-token} (served through the library's plugin resolution), {@code setup},
 * {@code clean}, {@code convert-kubeconfig}, {@code remove-cache-dir} and shell completion. Only
 * {@code Main} is public; everything the commands decide is decided by the library modules.
 */
package dev.kubelogin.cli;
