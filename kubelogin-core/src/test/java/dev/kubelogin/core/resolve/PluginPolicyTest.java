package dev.kubelogin.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.exec.ScriptedPlugin;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kuberc's credential plugin policy: client-go's validation, matching and messages. */
class PluginPolicyTest {
  @TempDir Path tmp;
  private Path bin;
  private Map<String, String> env;

  @BeforeEach
  void path() throws Exception {
    bin = Files.createDirectories(tmp.resolve("bin"));
    executable(bin.resolve("kubelogin"));
    executable(bin.resolve("kubectl"));
    Files.writeString(bin.resolve("not-executable"), "");
    env = Map.of("PATH", "relative/bin:" + bin, "HOME", tmp.toString());
  }

  private static void executable(Path file) throws Exception {
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }

  private void allowed(PluginPolicy policy, String command) {
    assertThatCode(() -> policy.check(command, env)).as(command).doesNotThrowAnyException();
  }

  private void refused(PluginPolicy policy, String command, String message) {
    assertThatThrownBy(() -> policy.check(command, env))
        .as(command)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void allowAllAndDenyAll() {
    allowed(PluginPolicy.allowAll(), "/anything/at/all");
    refused(
        PluginPolicy.denyAll(),
        "./dir/../kubelogin",
        "plugin \"kubelogin\" not allowed: policy set to \"DenyAll\" (set by the application)");
  }

  @Test
  void allowlist_verbatimResolvedOrNeither() {
    String path = bin.resolve("kubelogin").toString();
    PluginPolicy byName = PluginPolicy.allowlist(List.of("kubelogin"));
    PluginPolicy byPath = PluginPolicy.allowlist(List.of(path));

    allowed(byName, "kubelogin"); // verbatim
    allowed(byName, path); // the entry resolves on PATH to the command's path
    allowed(byName, bin + "/./kubelogin"); // cleaned first
    allowed(byPath, path); // verbatim
    allowed(byPath, "kubelogin"); // the command resolves on PATH to the entry
    refused(
        byName,
        "kubectl",
        "plugin path \"" + bin + "/kubectl\" is not permitted by the credential plugin allowlist");
    refused(
        byPath,
        "missing-tool",
        "plugin path \"missing-tool\" cannot be resolved for credential plugin allowlist check");
    refused(
        byPath,
        bin + "/not-executable",
        "plugin path \"" + bin + "/not-executable\" cannot be resolved");
    // a name that happens to be the last element of an allowed path is not allowed
    refused(
        PluginPolicy.allowlist(List.of("/opt/other/kubelogin")),
        "kubelogin",
        "plugin path \"" + bin + "/kubelogin\" is not permitted");
  }

  @Test
  void and_anApplicationCanTightenButNotLoosen() {
    PluginPolicy user = PluginPolicy.allowlist(List.of("kubelogin", "kubectl"));

    refused(
        user.and(PluginPolicy.allowlist(List.of("kubelogin"))),
        "kubectl",
        "plugin path \"" + bin + "/kubectl\" is not permitted");
    allowed(user.and(PluginPolicy.allowAll()), "kubectl");
    refused(PluginPolicy.denyAll().and(PluginPolicy.allowAll()), "kubectl", "plugin \"kubectl\"");
    assertThat(PluginPolicy.allowAll().and(PluginPolicy.allowAll()).allowsAll()).isTrue();
    assertThat(user.and(PluginPolicy.denyAll()).toString())
        .isEqualTo(
            "PluginPolicy{Allowlist[kubelogin, kubectl] (set by the application)"
                + " and DenyAll (set by the application)}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|",
        "credentialPluginPolicy: AllowAll|",
        "credentialPluginPolicy: DenyAll|plugin \"kubelogin\" not allowed: policy set to \"DenyAll\"",
        "credentialPluginPolicy: Allowlist\\ncredentialPluginAllowlist: [{name: kubelogin}]|",
        "credentialPluginPolicy: Allowlist\\ncredentialPluginAllowlist: [{command: kubectl}]"
            + "|plugin path",
      })
  void kuberc_policies(String fields, String refusal) throws Exception {
    Files.createDirectories(tmp.resolve(".kube"));
    Files.writeString(
        tmp.resolve(".kube/kuberc"),
        "apiVersion: kubectl.config.k8s.io/v1beta1\nkind: Preference\n"
            + fields.replace("\\n", "\n")
            + "\n");

    PluginPolicy policy = PluginPolicy.fromKuberc(env);

    if (refusal == null) {
      allowed(policy, "kubelogin");
    } else {
      refused(policy, "kubelogin", refusal);
      assertThatThrownBy(() -> policy.check("kubelogin", env))
          .hasMessageEndingWith("(kuberc " + tmp.resolve(".kube/kuberc") + ")");
    }
  }

  @Test
  void kuberc_offNamedOrMissing() throws Exception {
    Files.createDirectories(tmp.resolve(".kube"));
    Files.writeString(
        tmp.resolve(".kube/kuberc"),
        "apiVersion: kubectl.config.k8s.io/v1beta1\nkind: Preference\n"
            + "credentialPluginPolicy: DenyAll\n");
    Path named = tmp.resolve("named-kuberc");
    Files.writeString(named, "{apiVersion: kubectl.config.k8s.io/v1alpha1, kind: Preference}");

    refused(PluginPolicy.fromKuberc(env), "kubelogin", "plugin \"kubelogin\" not allowed");
    assertThat(PluginPolicy.fromKuberc(with("KUBERC", "off")).allowsAll()).isTrue();
    assertThat(PluginPolicy.fromKuberc(with("KUBERC", named.toString())).allowsAll()).isTrue();
    assertThat(PluginPolicy.fromKuberc(Map.of("HOME", tmp.resolve("nowhere").toString())))
        .isEqualTo(PluginPolicy.allowAll());
    assertThatThrownBy(() -> PluginPolicy.fromKuberc(with("KUBERC", tmp + "/missing")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("kuberc: " + tmp + "/missing: no such file");
  }

  private Map<String, String> with(String name, String value) {
    return Map.of("PATH", env.get("PATH"), "HOME", tmp.toString(), name, value);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "kind: Preference|apiVersion null, kind Preference: not a kubectl.config.k8s.io/* Preference",
        "apiVersion: v1\\nkind: Config|apiVersion v1, kind Config: not a",
        "[1, 2]|not a Preference (array)",
        "'{'|yaml: ",
        "$P\\ncredentialPluginPolicy: denyall|unknown plugin policy: \"denyall\"",
        "$P\\ncredentialPluginPolicy: [DenyAll]|credentialPluginPolicy: not a string",
        "$P\\ncredentialPluginPolicy: DenyAll\\ncredentialPluginAllowlist: []"
            + "|misconfigured credential plugin allowlist: plugin policy is \"DenyAll\" but"
            + " allowlist is non-nil",
        "$P\\ncredentialPluginPolicy: Allowlist"
            + "|credential plugin policy set to \"Allowlist\", but allowlist is unspecified",
        "$P\\ncredentialPluginPolicy: Allowlist\\ncredentialPluginAllowList: [{name: kubelogin}]"
            + "|credential plugin policy set to \"Allowlist\", but allowlist is unspecified",
        "$P\\ncredentialPluginPolicy: Allowlist\\ncredentialPluginAllowlist: []"
            + "|credential plugin policy set to \"Allowlist\", but allowlist is empty;"
            + " use \"DenyAll\" policy instead",
        "$P\\ncredentialPluginPolicy: Allowlist\\ncredentialPluginAllowlist: [{name: a}, {}]"
            + "|misconfigured credential plugin allowlist: empty allowlist entry #2",
        "$P\\ncredentialPluginPolicy: Allowlist\\ncredentialPluginAllowlist: [{name: /usr/bin/../bin/x}]"
            + "|non-normalized file path: \"/usr/bin/../bin/x\" vs \"/usr/bin/x\"",
        "$P\\ncredentialPluginPolicy: Allowlist\\ncredentialPluginAllowlist: [kubelogin]"
            + "|credentialPluginAllowlist[0]: not an object but string",
        "$P\\ncredentialPluginPolicy: Allowlist\\ncredentialPluginAllowlist: [{name: a, command: b}]"
            + "|credentialPluginAllowlist[0]: name \"a\" and command \"b\" differ",
      })
  void malformedKuberc_failsClosedNamingTheFile(String text, String message) throws Exception {
    Path file = tmp.resolve("kuberc");
    Files.writeString(
        file,
        text.replace("$P", "apiVersion: kubectl.config.k8s.io/v1beta1\nkind: Preference")
            .replace("\\n", "\n"));

    assertThatThrownBy(() -> PluginPolicy.fromKuberc(with("KUBERC", file.toString())))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("kuberc: " + file + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void allowlistBuiltByTheApplication_validatedAsKubercIs() {
    assertThatThrownBy(() -> PluginPolicy.allowlist(List.of()))
        .hasMessageContaining("allowlist is empty");
    assertThatThrownBy(() -> PluginPolicy.allowlist(Arrays.asList("a", "")))
        .hasMessageContaining("empty allowlist entry #2");
    assertThatThrownBy(() -> PluginPolicy.allowlist(List.of("bin/")))
        .hasMessageContaining("non-normalized file path: \"bin/\" vs \"bin\"");
  }

  @ParameterizedTest
  @CsvSource({
    "'', .",
    "a//b/./c/, a/b/c",
    "/../x, /x",
    "../../a, ../../a",
    "a/../../b, ../b",
    "/usr/bin/.., /usr",
    "./kubelogin, kubelogin"
  })
  void clean_asGoFilepathClean(String path, String cleaned) {
    assertThat(PluginPolicy.clean(path)).isEqualTo(cleaned);
  }

  private KubeconfigResolver resolver(Path config, Map<String, String> environment) {
    return KubeconfigResolver.builder()
        .loader(KubeconfigLoader.builder().explicitFile(config).build())
        .environment(environment)
        .interactive(false)
        .build();
  }

  @Test
  void resolver_deniedPluginsNeitherRunNorServed_theContextStillResolves() throws Exception {
    ScriptedPlugin script = new ScriptedPlugin(tmp.resolve("plugin"));
    Path config = tmp.resolve("config");
    Files.writeString(
        config,
        """
        current-context: run
        clusters:
        - {name: c, cluster: {server: "https://127.0.0.1:1"}}
        contexts:
        - {name: run, context: {cluster: c, user: runs}}
        - {name: served, context: {cluster: c, user: served}}
        users:
        - name: runs
          user:
            exec: {command: $PLUGIN, apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never, env: [{name: PLUGIN_DIR, value: $LOG}]}
        - name: served
          user:
            exec: {command: fake-inprocess, args: [a], apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never}
        """
            .replace("$PLUGIN", script.script.toString())
            .replace("$LOG", script.logDir.toString()));
    Files.createDirectories(tmp.resolve(".kube"));
    Files.writeString(
        tmp.resolve(".kube/kuberc"),
        "apiVersion: kubectl.config.k8s.io/v1beta1\nkind: Preference\n"
            + "credentialPluginPolicy: DenyAll\n");
    KubeconfigResolver denied = resolver(config, env);

    ResolvedContext run = denied.resolve("run");
    assertThat(run.cluster().server()).isEqualTo("https://127.0.0.1:1");
    assertThatThrownBy(() -> run.credentials().tokenProvider().orElseThrow().token())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(
            "plugin \""
                + script.script
                + "\" not allowed: policy set to \"DenyAll\" (kuberc "
                + tmp.resolve(".kube/kuberc")
                + ")");
    assertThatThrownBy(() -> denied.resolve("served").credentials().tokenProvider().get().token())
        .hasMessageStartingWith("plugin \"fake-inprocess\" not allowed");
    assertThat(script.runs()).isZero();

    // the application allows only the in-process command; the user allows everything
    KubeconfigResolver tightened =
        KubeconfigResolver.builder()
            .loader(KubeconfigLoader.builder().explicitFile(config).build())
            .environment(with("KUBERC", "off"))
            .interactive(false)
            .pluginPolicy(PluginPolicy.allowlist(List.of("fake-inprocess")))
            .build();
    assertThat(tightened.resolve("served").credentials().tokenProvider().get().token().value())
        .isEqualTo("in-process:a@served");
    assertThatThrownBy(() -> tightened.resolve("run").credentials().tokenProvider().get().token())
        .hasMessageContaining("is not permitted by the credential plugin allowlist");
    assertThat(script.runs()).isZero();

    // a broken kuberc: credentials fail with the reason, nothing runs
    Files.writeString(tmp.resolve(".kube/kuberc"), "credentialPluginPolicy: [");
    assertThatThrownBy(
            () -> resolver(config, env).resolve("run").credentials().tokenProvider().get().token())
        .hasMessageStartingWith("kuberc: " + tmp.resolve(".kube/kuberc") + ": yaml: ");
    assertThat(script.runs()).isZero();
  }
}
