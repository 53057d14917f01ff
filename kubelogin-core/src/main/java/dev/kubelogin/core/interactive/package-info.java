/**
 * How a login reaches the person: {@link dev.kubelogin.core.interactive.Browser} opens URLs, {@link
 * dev.kubelogin.core.interactive.UserConsole} shows messages and asks questions, never on stdout.
 * The OpenID Connect and Microsoft Entra ID logins take the same two.
 */
package dev.kubelogin.core.interactive;
