/**
 * TLS pieces that every module needs and that are about no one cluster or provider: reading PEM
 * certificates and keys ({@link dev.kubelogin.core.tls.Pem}), and trust managers that decide the
 * server's host name themselves ({@link dev.kubelogin.core.tls.ServerTrust}). TLS towards a cluster
 * is set up by {@link dev.kubelogin.core.resolve.ClusterConnection#trustManager()}.
 */
package dev.kubelogin.core.tls;
