/**
 * int128/kubelogin's token cache, shared byte for byte: the cache key and its file name ({@link
 * dev.kubelogin.oidc.cache.TokenCacheKey}) and the record format ({@link
 * dev.kubelogin.oidc.cache.CachedTokens}).
 */
package dev.kubelogin.oidc.cache;
