/**
 * The token API: {@link dev.kubelogin.core.TokenProvider}, {@link dev.kubelogin.core.AccessToken},
 * the caching decorator {@link dev.kubelogin.core.CachingTokenProvider} with its {@link
 * dev.kubelogin.core.RefreshPolicy}, and the exceptions, rooted at {@link
 * dev.kubelogin.core.KubeloginException}, whose types name the situation.
 */
package dev.kubelogin.core;
