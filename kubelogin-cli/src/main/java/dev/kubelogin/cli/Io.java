package dev.kubelogin.cli;

import dev.kubelogin.core.flags.GoFlags;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a command reads from and writes to: stdout (only the ExecCredential for {@code get-token}),
 * stderr (prompts, progress, errors), the environment, the home directory, whether a person is at a
 * terminal, the parent process, the clock, and where the launcher keeps prepared responses.
 * Immutable.
 */
final class Io {
  final PrintStream out;
  final PrintStream err;
  final Map<String, String> env;
  final Path home;
  final boolean terminal;
  final Supplier<Optional<KubectlRetry.Parent>> parent;
  final Clock clock;
  final Optional<Path> responses;

  Io(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Path home,
      boolean terminal,
      Supplier<Optional<KubectlRetry.Parent>> parent,
      Clock clock,
      Optional<Path> responses) {
    this.out = out;
    this.err = err;
    this.env = Map.copyOf(env);
    this.home = home;
    this.terminal = terminal;
    this.parent = parent;
    this.clock = clock;
    this.responses = responses;
  }

  /**
   * The system property by which the POSIX launcher names its directory of {@link PreparedResponse
   * prepared responses}; without it none are written.
   */
  static final String RESPONSES_PROPERTY = "kubelogin.responses";

  /** The process's streams and environment; {@code HOME} else {@code user.home}. */
  static Io system() {
    Map<String, String> env = System.getenv();
    return new Io(
        System.out,
        System.err,
        env,
        GoFlags.home(env),
        System.console() != null,
        KubectlRetry.Parent::ofThisProcess,
        Clock.systemUTC(),
        Optional.ofNullable(System.getProperty(RESPONSES_PROPERTY))
            .filter(p -> !p.isEmpty())
            .map(Path::of));
  }
}
