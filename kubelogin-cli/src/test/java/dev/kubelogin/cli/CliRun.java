package dev.kubelogin.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One run of the command, in this JVM or a new one: exit status, stdout, stderr. */
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
                () -> Optional.of(parent),
                Clock.systemUTC(),
                Optional.of(home.resolve(".cache/kubelogin/responses"))));
    return new CliRun(
        rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * One run of {@link Main} in a new JVM on the test class path, with only {@code HOME} and a
   * system {@code PATH} in its environment; stdout and stderr are kept in {@code home}.
   */
  static CliRun inNewJvm(Path home, List<String> jvmOptions, List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin"));
    Path out = home.resolve("stdout");
    Path err = home.resolve("stderr");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(1, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("kubelogin did not finish within a minute");
    }
    return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
