/**
 * Implementation shared by the packages of kubelogin-core and by no other module (a rule in the
 * build checks that): the refresh engine, and YAML 1.1 and JSON reading as the Go tools do it. Not
 * public API; it may change in any release.
 */
package dev.kubelogin.core.internal;
