/**
 * The Go tools' command lines, shared by every module that accepts their flags: {@link
 * dev.kubelogin.core.flags.GoFlagSet} parses a set of {@link dev.kubelogin.core.flags.GoFlag}
 * declarations with pflag's rules and messages into {@link dev.kubelogin.core.flags.ParsedFlags};
 * {@link dev.kubelogin.core.flags.GoFlags} reads single values as pflag and client-go do and masks
 * secret flags, and reads Go durations.
 */
package dev.kubelogin.core.flags;
