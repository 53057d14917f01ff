package dev.kubelogin.cli;

import java.util.List;

/**
 * Sends the libraries' log lines (slf4j-simple) to stderr at the level klog's {@code -v} gives:
 * none but warnings by default, flow decisions from {@code -v 1}, details from {@code -v 5}. A
 * {@code -Dorg.slf4j.simpleLogger.*} property given to the JVM wins.
 */
final class Logging {
  private static volatile boolean verbose;

  private Logging() {}

  static void configure(List<String> args) {
    int level = level(args);
    verbose = level > 0;
    set("org.slf4j.simpleLogger.logFile", "System.err");
    set(
        "org.slf4j.simpleLogger.defaultLogLevel",
        level >= 5 ? "debug" : level > 0 ? "info" : "warn");
    set("org.slf4j.simpleLogger.showThreadName", "false");
    set("org.slf4j.simpleLogger.showLogName", "false");
    set("org.slf4j.simpleLogger.showShortLogName", "false");
  }

  /** Whether {@code -v} asked for more than warnings; errors then carry their stack trace. */
  static boolean verbose() {
    return verbose;
  }

  /** klog's level from {@code -v N}, {@code -vN}, {@code -v=N}, {@code --v N} or {@code --v=N}. */
  static int level(List<String> args) {
    int level = 0;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String value = null;
      if (a.equals("-v") || a.equals("--v")) {
        value = i + 1 < args.size() ? args.get(i + 1) : null;
      } else if (a.startsWith("-v=") || a.startsWith("--v=")) {
        value = a.substring(a.indexOf('=') + 1);
      } else if (a.matches("-v[0-9]+")) {
        value = a.substring(2);
      }
      if (value != null) {
        try {
          level = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          // the library's parser reports it
        }
      }
    }
    return level;
  }

  private static void set(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
