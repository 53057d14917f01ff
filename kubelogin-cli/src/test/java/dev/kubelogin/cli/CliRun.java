package dev.kubelogin.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One in-process run of the command: exit status, stdout, stderr. */
record CliRun(int exit, String stdout, String stderr) {

  /** A kubectl process that started us. */
  static final KubectlRetry.Parent KUBECTL =
      new KubectlRetry.Parent(4242, Instant.parse("2026-01-01T00:00:00Z"), "/usr/bin/kubectl");

  static CliRun of(Path home, Map<String, String> env, List<String> args) {
    return of(home, env, args, KUBECTL);
  }

  static CliRun of(
      Path home, Map<String, String> env, List<String> args, KubectlRetry.Parent parent) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> e = new HashMap<>(env);
    e.put("HOME", home.toString());
    int rc =
        Main.run(
            args,
            new Io(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                e,
                home,
                false,
                () -> Optional.of(parent)));
    return new CliRun(
        rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
