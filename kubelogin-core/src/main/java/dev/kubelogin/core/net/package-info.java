/**
 * How this library reaches the network the way the Go tools do: {@link
 * dev.kubelogin.core.net.ProxyFromEnvironment} picks each request's proxy from {@code HTTPS_PROXY},
 * {@code HTTP_PROXY} and {@code NO_PROXY}. The OpenID Connect and Microsoft Entra ID modules send
 * every request to a provider through it.
 */
package dev.kubelogin.core.net;
