/**
 * Implementation shared by the packages of kubelogin-core: the refresh engine, YAML 1.1 and JSON
 * reading, atomic file writes and file locks. Not public API; it may change in any release.
 */
package dev.kubelogin.core.internal;
