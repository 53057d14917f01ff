/**
 * int128/kubelogin ({@code kubectl oidc-login}) in-process: {@link
 * dev.kubelogin.oidc.OidcTokenProvider} is its {@code get-token} over the same on-disk cache,
 * {@link dev.kubelogin.oidc.OidcAuthenticator} its logins and refresh without a cache, {@link
 * dev.kubelogin.oidc.GetTokenOptions} its flags, and {@link
 * dev.kubelogin.oidc.OidcCredentialPlugin} serves its kubeconfig stanzas through the core resolver.
 *
 * <p>Each grant lives in a class named after it; prompts and URLs go through {@link
 * dev.kubelogin.core.interactive.UserConsole} and {@link dev.kubelogin.core.interactive.Browser},
 * never stdout.
 */
package dev.kubelogin.oidc;
