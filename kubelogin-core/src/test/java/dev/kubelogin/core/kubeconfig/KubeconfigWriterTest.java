package dev.kubelogin.core.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.internal.Json;
import dev.kubelogin.core.testsupport.RealKubectl;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KubeconfigWriterTest {

  private static final String A =
      """
      current-context: ctx-a
      clusters:
      - name: c
        cluster: {server: "https://127.0.0.1:16002"}
      users:
      - name: u
        user: {token: from-a}
      contexts:
      - name: ctx-a
        context: {cluster: c, user: u}
      """;
  private static final String B =
      """
      current-context: ctx-b
      clusters:
      - name: c2
        cluster: {server: "https://127.0.0.1:16004"}
      users:
      - name: u
        user: {token: from-b}
      - name: u2
        user: {token: t2}
      contexts:
      - name: ctx-b
        context: {cluster: c2, user: u2}
      """;

  @TempDir Path tmp;

  static Stream<Arguments> kubectlScenarios() {
    return Stream.of(
        Arguments.of(
            "new user goes to the first existing file",
            "a.yaml:b.yaml",
            List.of("config", "set-credentials", "newuser", "--token=n"),
            (Consumer<KubeconfigWriter>)
                w -> w.setUser("newuser", AuthInfo.builder().token("n").build())),
        Arguments.of(
            "user defined only in the second file is written there",
            "a.yaml:b.yaml",
            List.of("config", "set-credentials", "u2", "--token=changed"),
            (Consumer<KubeconfigWriter>)
                w -> w.setUser("u2", AuthInfo.builder().token("changed").build())),
        Arguments.of(
            "user defined in both is written to the first",
            "a.yaml:b.yaml",
            List.of("config", "set-credentials", "u", "--token=changed"),
            (Consumer<KubeconfigWriter>)
                w -> w.setUser("u", AuthInfo.builder().token("changed").build())),
        Arguments.of(
            "missing first file: the existing one gets the new user",
            "missing.yaml:b.yaml",
            List.of("config", "set-credentials", "newuser", "--token=n"),
            (Consumer<KubeconfigWriter>)
                w -> w.setUser("newuser", AuthInfo.builder().token("n").build())),
        Arguments.of(
            "no file exists: the last one is created",
            "missing1.yaml:missing2.yaml",
            List.of("config", "set-credentials", "newuser", "--token=n"),
            (Consumer<KubeconfigWriter>)
                w -> w.setUser("newuser", AuthInfo.builder().token("n").build())),
        Arguments.of(
            "use-context writes the first file",
            "a.yaml:b.yaml",
            List.of("config", "use-context", "ctx-b"),
            (Consumer<KubeconfigWriter>) w -> w.setCurrentContext("ctx-b")),
        Arguments.of(
            "context only in the second file is changed there",
            "a.yaml:b.yaml",
            List.of("config", "set-context", "ctx-b", "--cluster=c2", "--user=u", "--namespace=ns"),
            (Consumer<KubeconfigWriter>)
                w -> w.setContext("ctx-b", Context.builder("c2", "u").namespace("ns").build())),
        Arguments.of(
            "unset current-context clears the first file that sets it",
            "a.yaml:b.yaml",
            List.of("config", "unset", "current-context"),
            (Consumer<KubeconfigWriter>) w -> w.setCurrentContext(null)),
        Arguments.of(
            "delete-user removes it from its file",
            "a.yaml:b.yaml",
            List.of("config", "delete-user", "u2"),
            (Consumer<KubeconfigWriter>) w -> w.removeUser("u2")),
        Arguments.of(
            "new cluster goes to the first file",
            "a.yaml:b.yaml",
            List.of("config", "set-cluster", "c3", "--server=https://127.0.0.1:16099"),
            (Consumer<KubeconfigWriter>)
                w -> w.setCluster("c3", Cluster.builder("https://127.0.0.1:16099").build())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kubectlScenarios")
  void write_sameChangeAsKubectl_sameFilesSameResult(
      String name, String chain, List<String> kubectlArgs, Consumer<KubeconfigWriter> change)
      throws Exception {
    Path theirs = setUp(tmp.resolve("kubectl"));
    Path ours = setUp(tmp.resolve("ours"));
    List<String> command = new ArrayList<>(List.of(RealKubectl.path()));
    command.addAll(kubectlArgs);
    ProcessBuilder pb = new ProcessBuilder(command).directory(theirs.toFile());
    pb.environment().put("KUBECONFIG", env(theirs, chain));
    pb.environment().put("HOME", theirs.toString());
    pb.redirectErrorStream(true).redirectOutput(tmp.resolve("kubectl.log").toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("kubectl.log"))).isZero();

    change.accept(
        KubeconfigLoader.builder()
            .kubeconfigEnv(env(ours, chain))
            .homeDirectory(ours)
            .build()
            .writer());

    for (String file :
        List.of("a.yaml", "b.yaml", "missing.yaml", "missing1.yaml", "missing2.yaml")) {
      Path t = theirs.resolve(file);
      Path o = ours.resolve(file);
      assertThat(Files.exists(o)).as(file + " exists").isEqualTo(Files.exists(t));
      if (Files.exists(t)) {
        assertThat(plain(o)).as(file).isEqualTo(plain(t));
        assertThat(Files.getPosixFilePermissions(o)).isEqualTo(Files.getPosixFilePermissions(t));
      }
    }
  }

  private Path setUp(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a.yaml"), A);
    Files.writeString(dir.resolve("b.yaml"), B);
    Files.setPosixFilePermissions(
        dir.resolve("a.yaml"), PosixFilePermissions.fromString("rw-r-----"));
    return dir;
  }

  private static String env(Path dir, String chain) {
    List<String> parts = new ArrayList<>();
    for (String p : chain.split(":")) {
      parts.add(dir.resolve(p).toString());
    }
    return String.join(File.pathSeparator, parts);
  }

  /** One file as its known fields, so kubectl's and our serialisation compare. */
  private static String plain(Path file) throws Exception {
    Kubeconfig k = KubeconfigLoader.builder().explicitFile(file).build().load();
    return KubeconfigConformanceTest.normalize(Json.toJson(k.toPlain(false))).toString();
  }

  /** The same changes, made one call each or in one edit, in two copies of a two-file chain. */
  private static final List<Consumer<KubeconfigWriter.Edits>> CHANGES =
      List.of(
          e -> e.setUser("u", AuthInfo.builder().token("changed-in-a").build()),
          e -> e.setUser("u2", AuthInfo.builder().token("changed-in-b").build()),
          e -> e.setUser("new", AuthInfo.builder().token("added-to-a").build()),
          e -> e.setUser("new", AuthInfo.builder().token("added-then-changed").build()),
          e -> e.removeUser("u"), // u now resolves to b's
          e -> e.setUser("u", AuthInfo.builder().token("changed-in-b-after-removal").build()),
          e -> e.removeContext("ctx-b"),
          e -> e.setContext("ctx-b", Context.builder("c2", "u2").build()),
          e -> e.setCluster("c3", Cluster.builder("https://127.0.0.1:16005").build()),
          e -> e.removeCluster("missing"),
          e -> e.setCurrentContext(""),
          e -> e.setCurrentContext("ctx-new"));

  private KubeconfigWriter chain(String dir) throws Exception {
    Path a = Files.createDirectories(tmp.resolve(dir)).resolve("a");
    Path b = tmp.resolve(dir).resolve("b");
    Files.writeString(a, A);
    Files.writeString(b, B);
    return KubeconfigLoader.builder()
        .kubeconfigEnv(a + File.pathSeparator + b)
        .homeDirectory(tmp)
        .build()
        .writer();
  }

  @Test
  void edit_manyChangesAcrossTwoFiles_sameFilesAsOneCallEach() throws Exception {
    KubeconfigWriter oneByOne = chain("one-by-one");
    for (Consumer<KubeconfigWriter.Edits> change : CHANGES) {
      oneByOne.edit(change);
    }
    KubeconfigWriter batch = chain("batch");

    batch.edit(e -> CHANGES.forEach(change -> change.accept(e)));

    for (String file : List.of("a", "b")) {
      assertThat(Files.readString(tmp.resolve("batch").resolve(file)))
          .as(file)
          .isEqualTo(Files.readString(tmp.resolve("one-by-one").resolve(file)));
    }
    Kubeconfig merged =
        KubeconfigLoader.builder()
            .kubeconfigEnv(tmp.resolve("batch/a") + File.pathSeparator + tmp.resolve("batch/b"))
            .homeDirectory(tmp)
            .build()
            .load();
    assertThat(merged.users().get("u").token()).contains("changed-in-b-after-removal");
    assertThat(merged.users().get("new").token()).contains("added-then-changed");
    assertThat(merged.currentContext()).contains("ctx-new");
    assertThat(Files.readString(tmp.resolve("batch/a"))).doesNotContain("name: u\n");
  }

  @Test
  void edit_changesFail_nothingWritten() throws Exception {
    KubeconfigWriter writer = chain("failing");
    String before = Files.readString(tmp.resolve("failing/a"));

    assertThatThrownBy(
            () ->
                writer.edit(
                    e -> {
                      e.setUser("u", AuthInfo.builder().token("never-written").build());
                      throw new IllegalStateException("stop");
                    }))
        .hasMessage("stop");

    assertThat(Files.readString(tmp.resolve("failing/a"))).isEqualTo(before);
    assertThat(tmp.resolve("failing/a.lock")).doesNotExist();
  }

  @Test
  void setUser_unknownFieldsAndOtherStanzas_survive() throws Exception {
    Path f = tmp.resolve("config");
    Files.writeString(
        f,
        """
        x-top: {keep: [1, 2]}
        users:
        - name: u
          x-entry: kept
          user: {token: old, x-field: also-kept}
        - name: other
          user: {tokenFile: rel/t.txt}
        """);
    KubeconfigLoader loader = KubeconfigLoader.builder().explicitFile(f).build();
    AuthInfo u = loader.load().users().get("u");

    loader.writer().setUser("u", u.toBuilder().token("new").build());

    String written = Files.readString(f);
    assertThat(written)
        .contains("x-top:", "x-entry: kept", "x-field: also-kept", "tokenFile: rel/t.txt");
    Kubeconfig reloaded = loader.load();
    assertThat(reloaded.users().get("u").token()).contains("new");
    assertThat(reloaded.users().get("u").fields()).containsEntry("x-field", "also-kept");
  }

  @Test
  void setUser_ambiguousStrings_quotedAndReadBack() throws Exception {
    Path f = tmp.resolve("config");
    KubeconfigLoader loader = KubeconfigLoader.builder().explicitFile(f).build();
    List<String> tricky =
        List.of(
            "y",
            "no",
            "off",
            "0777",
            "1e3",
            "~",
            "null",
            "",
            " lead",
            "a: b",
            "#x",
            "- x",
            "2001-12-14",
            "multi\nline",
            "tab\there",
            "quote\"s",
            "@at",
            "true",
            "0x1F",
            ".inf");
    AuthInfo.Builder b = AuthInfo.builder().field("as-groups", tricky);
    b.token("yes");
    loader.writer().setUser("u", b.build());

    AuthInfo back = loader.load().users().get("u");
    assertThat(back.token()).contains("yes");
    assertThat(back.impersonateGroups()).containsExactlyElementsOf(tricky);
    assertThat(Files.getPosixFilePermissions(f))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void write_symlinkedKubeconfig_targetChangedLinkKept() throws Exception {
    Path real = tmp.resolve("real.yaml");
    Files.writeString(real, A);
    Path link = tmp.resolve("link.yaml");
    Files.createSymbolicLink(link, real);

    KubeconfigLoader.builder().explicitFile(link).build().writer().setCurrentContext("other");

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).contains("current-context: other");
  }

  @Test
  void write_lockHeldByAnotherWriter_failsNamingLockFile() throws Exception {
    Path f = tmp.resolve("config");
    Files.writeString(f, A);
    Files.createFile(tmp.resolve("config.lock"));
    KubeconfigWriter writer =
        KubeconfigLoader.builder().explicitFile(f).build().writer().withLockWait(Duration.ZERO);

    assertThatThrownBy(() -> writer.setCurrentContext("x"))
        .isInstanceOf(KubeloginException.class)
        .hasMessageContaining("config.lock")
        .hasMessageContaining("delete the lock file");
    assertThat(Files.readString(f)).isEqualTo(A);
  }

  @Test
  void write_lockReleasedAfterWrite() throws Exception {
    Path f = tmp.resolve("config");
    Files.writeString(f, A);
    KubeconfigLoader.builder().explicitFile(f).build().writer().setCurrentContext("x");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config");
    }
  }

  @Test
  void load_relativePaths_resolvedAgainstDefiningFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("sub"));
    Path f = dir.resolve("config");
    Files.writeString(
        f,
        """
        clusters:
        - name: c
          cluster: {server: "https://127.0.0.1:1", certificate-authority: rel/ca.crt}
        users:
        - name: u
          user:
            client-certificate: /abs/c.crt
            client-key: k.key
            tokenFile: ../t.txt
            exec: {command: ./bin/p, apiVersion: client.authentication.k8s.io/v1}
        - name: bare
          user:
            exec: {command: kubectl, apiVersion: client.authentication.k8s.io/v1}
        """);
    Kubeconfig k = KubeconfigLoader.builder().explicitFile(f).build().load();

    assertThat(k.clusters().get("c").certificateAuthority()).contains("rel/ca.crt");
    assertThat(k.clusters().get("c").certificateAuthorityPath())
        .contains(dir.resolve("rel/ca.crt"));
    AuthInfo u = k.users().get("u");
    assertThat(u.clientCertificatePath()).contains(Path.of("/abs/c.crt"));
    assertThat(u.clientKeyPath()).contains(dir.resolve("k.key"));
    assertThat(u.tokenFilePath()).contains(tmp.resolve("t.txt"));
    assertThat(u.exec().orElseThrow().resolvedCommand()).isEqualTo(dir.resolve("bin/p").toString());
    assertThat(k.users().get("bare").exec().orElseThrow().resolvedCommand()).isEqualTo("kubectl");
  }

  @Test
  void load_malformedYaml_namesFileAndLine() throws Exception {
    Path f = tmp.resolve("config");
    Files.writeString(f, "users:\n- name: u\n  user:\n    token: [unclosed\n");
    assertThatThrownBy(() -> KubeconfigLoader.builder().explicitFile(f).build().load())
        .hasMessageContaining(f.toString())
        .hasMessageContaining("line ");
  }

  @Test
  void load_typeError_namesLine() throws Exception {
    Path f = tmp.resolve("config");
    Files.writeString(f, "users:\n- name: u\n  user:\n    token: yes\n");
    assertThatThrownBy(() -> KubeconfigLoader.builder().explicitFile(f).build().load())
        .hasMessage(
            "error loading config file \""
                + f
                + "\": json: cannot unmarshal bool into Go struct field AuthInfo.users.user.token"
                + " of type string (line 4)");
  }

  @Test
  void load_explicitMissingFile_error() {
    Path f = tmp.resolve("absent");
    assertThatThrownBy(() -> KubeconfigLoader.builder().explicitFile(f).build().load())
        .hasMessage("stat " + f + ": no such file or directory");
  }

  @Test
  void load_noKubeconfigEnv_usesHomeKubeConfig() throws Exception {
    Path home = tmp.resolve("home");
    Files.createDirectories(home.resolve(".kube"));
    Files.writeString(home.resolve(".kube/config"), A);
    Kubeconfig k =
        KubeconfigLoader.builder().kubeconfigEnv(null).homeDirectory(home).build().load();
    assertThat(k.currentContext()).contains("ctx-a");
    assertThat(new TreeMap<>(Map.copyOf(k.users())).keySet()).containsExactly("u");
    assertThat(Files.readString(home.resolve(".kube/config"), StandardCharsets.UTF_8)).isEqualTo(A);
  }
}
