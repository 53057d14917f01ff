package dev.kubelogin.core.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the real kubectl binary for tests. The Google Cloud SDK installs {@code kubectl} as a
 * dispatcher that contacts the current cluster's {@code /version} before running any command;
 * beside it sit the real versioned binaries ({@code kubectl.1.33}), of which the newest is used.
 * {@code KUBELOGIN_TEST_KUBECTL} overrides the choice.
 */
public final class RealKubectl {
  private RealKubectl() {}

  /** The path or name of the kubectl to run. */
  public static String path() {
    String override = System.getenv("KUBELOGIN_TEST_KUBECTL");
    if (override != null && !override.isEmpty()) {
      return override;
    }
    return onPath().flatMap(RealKubectl::versionedBeside).map(Path::toString).orElse("kubectl");
  }

  private static Optional<Path> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> versionedBeside(Path kubectl) {
    try {
      Path dir = kubectl.toRealPath().getParent();
      try (Stream<Path> files = Files.list(dir)) {
        return files
            .filter(p -> p.getFileName().toString().matches("kubectl\\.1\\.\\d+"))
            .filter(Files::isExecutable)
            .max(Comparator.comparingInt(p -> minor(p.getFileName().toString())));
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int minor(String name) {
    return Integer.parseInt(name.substring("kubectl.1.".length()));
  }
}
