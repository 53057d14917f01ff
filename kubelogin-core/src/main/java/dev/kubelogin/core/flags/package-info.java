/**
 * The Go tools' command-line conventions, shared by every module that accepts their flags: {@link
 * dev.kubelogin.core.flags.GoFlags} reads values as pflag and client-go do.
 */
package dev.kubelogin.core.flags;
