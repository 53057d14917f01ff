package dev.kubelogin.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.kubeconfig.AuthInfo;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import dev.kubelogin.core.kubeconfig.Kubeconfig;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KubeconfigConverterTest {
  private static final String S = "6dae42f8-4368-4678-94ff-3960e28e3630";
  private static final String C = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";
  private static final String T = "72f988bf-86f1-41af-91ab-2d7cd011db47";

  /** AKS's exec stanza from {@code az aks get-credentials}. */
  private static final String EXEC_AKS =
      exec(
          "kubelogin",
          "get-token --environment AzurePublicCloud --server-id "
              + S
              + " --client-id "
              + C
              + " --tenant-id "
              + T
              + " --login devicecode");

  private static final String LEGACY =
      "    auth-provider:\n      name: azure\n      config:\n        apiserver-id: "
          + S
          + "\n        client-id: "
          + C
          + "\n        tenant-id: "
          + T
          + "\n        environment: AzureUSGovernmentCloud\n";
  private static final String LEGACY_MODE_1 = LEGACY + "        config-mode: \"1\"\n";
  private static final String EXEC_AZURECLI =
      exec("kubelogin", "get-token --login azurecli --server-id " + S);

  @TempDir Path dir;

  static Stream<Arguments> conversions() {
    String user = "--client-id " + C + " --tenant-id " + T + " --environment AzurePublicCloud";
    String legacyUser =
        "--client-id " + C + " --tenant-id " + T + " --environment AzureUSGovernmentCloud";
    return Stream.of(
        // from an exec stanza, to every mode
        ok("exec to default devicecode", EXEC_AKS, "", "devicecode " + user),
        ok("exec to interactive", EXEC_AKS, "-l interactive", "interactive " + user),
        ok(
            "exec to spn with a secret flag",
            EXEC_AKS,
            "-l spn --client-id SP --client-secret SEC",
            "spn --client-id SP --tenant-id "
                + T
                + " --environment AzurePublicCloud --client-secret SEC"),
        ok(
            "exec to spn with a certificate",
            EXEC_AKS,
            "-l spn --client-certificate /c.pfx --client-certificate-password pw",
            "spn " + user + " --client-certificate /c.pfx --client-certificate-password pw"),
        ok("exec to spn keeps the old client id", EXEC_AKS, "-l spn", "spn " + user),
        ok(
            "exec to spn with env override off",
            EXEC_AKS,
            "-l spn --disable-environment-override",
            "spn " + user + " --disable-environment-override"),
        ok(
            "exec to ropc with credentials",
            EXEC_AKS,
            "-l ropc --username u@x --password pw",
            "ropc " + user + " --username u@x --password pw"),
        ok("exec to ropc without credentials", EXEC_AKS, "-l ropc", "ropc " + user),
        ok("exec to msi", EXEC_AKS, "-l msi", "msi"),
        ok("exec to msi by client id", EXEC_AKS, "-l msi --client-id MI", "msi --client-id MI"),
        ok(
            "exec to msi by resource id",
            EXEC_AKS,
            "-l msi --identity-resource-id /sub/r",
            "msi --identity-resource-id /sub/r"),
        ok(
            "exec to msi prefers client id",
            EXEC_AKS,
            "-l msi --client-id MI --identity-resource-id /sub/r",
            "msi --client-id MI"),
        ok("exec to azurecli drops tenant and client", EXEC_AKS, "-l azurecli", "azurecli"),
        ok(
            "exec to azurecli with a tenant flag",
            EXEC_AKS,
            "-l azurecli --tenant-id T2",
            "azurecli --tenant-id T2"),
        ok(
            "exec to azurecli with a subscription",
            EXEC_AKS,
            "-l azurecli -s sub1",
            "azurecli --subscription sub1"),
        ok("exec to azd", EXEC_AKS, "-l azd", "azd"),
        ok("exec to azd with a tenant flag", EXEC_AKS, "-l azd -t T2", "azd --tenant-id T2"),
        ok("exec to workloadidentity", EXEC_AKS, "-l workloadidentity", "workloadidentity"),
        ok(
            "exec to workloadidentity with every flag",
            EXEC_AKS,
            "-l workloadidentity --client-id W --tenant-id T2 --authority-host https://login.example/"
                + " --federated-token-file /var/run/token",
            "workloadidentity --client-id W --tenant-id T2 --authority-host https://login.example/"
                + " --federated-token-file /var/run/token"),
        ok(
            "exec to azurepipelines",
            EXEC_AKS,
            "-l azurepipelines",
            "azurepipelines --tenant-id " + T),
        ok(
            "exec to azurepipelines with a connection",
            EXEC_AKS,
            "-l azurepipelines --azure-pipelines-service-connection-id SC",
            "azurepipelines --tenant-id " + T + " --azure-pipelines-service-connection-id SC"),
        // from the legacy azure auth-provider
        ok(
            "legacy to devicecode is --legacy",
            LEGACY,
            "",
            "devicecode " + legacyUser + " --legacy"),
        ok("legacy config-mode 1 is not legacy", LEGACY_MODE_1, "", "devicecode " + legacyUser),
        ok("legacy to interactive", LEGACY, "-l interactive", "interactive " + legacyUser),
        ok(
            "legacy to spn",
            LEGACY,
            "-l spn --client-secret SEC",
            "spn " + legacyUser + " --client-secret SEC --legacy"),
        ok("legacy to ropc", LEGACY, "-l ropc", "ropc " + legacyUser + " --legacy"),
        ok("legacy to azurecli", LEGACY, "-l azurecli", "azurecli"),
        ok("legacy to msi", LEGACY, "-l msi", "msi"),
        ok("legacy to workloadidentity", LEGACY, "-l workloadidentity", "workloadidentity"),
        ok(
            "legacy to azurepipelines",
            LEGACY,
            "-l azurepipelines",
            "azurepipelines --tenant-id " + T),
        ok(
            "a flag beats the auth-provider",
            LEGACY_MODE_1,
            "-e AzureChinaCloud --tenant-id T3",
            "devicecode --client-id " + C + " --tenant-id T3 --environment AzureChinaCloud"),
        ok("a server id flag beats the old one", EXEC_AKS, "--server-id S2", null),
        // cache dir, legacy, PoP, interactive extras carried over
        ok(
            "cache dir kept for devicecode",
            withArgs(EXEC_AKS, "--cache-dir /x"),
            "",
            "devicecode --cache-dir /x " + user),
        ok(
            "cache dir kept for azurecli",
            withArgs(EXEC_AKS, "--cache-dir /x"),
            "-l azurecli",
            "azurecli --cache-dir /x"),
        ok(
            "token-cache-dir becomes --cache-dir",
            withArgs(EXEC_AKS, "--token-cache-dir /y"),
            "-l msi",
            "msi --cache-dir /y"),
        ok(
            "cache dir flag beats the old one",
            withArgs(EXEC_AKS, "--cache-dir /x"),
            "--cache-dir /z -l msi",
            "msi --cache-dir /z"),
        ok(
            "old --legacy kept",
            withArgs(EXEC_AKS, "--legacy"),
            "",
            "devicecode " + user + " --legacy"),
        ok(
            "--legacy=false cannot remove --legacy",
            withArgs(EXEC_AKS, "--legacy"),
            "--legacy=false",
            "devicecode " + user + " --legacy"),
        ok(
            "PoP pair kept for interactive",
            withArgs(EXEC_AKS, "--pop-enabled --pop-claims u=/arm/id"),
            "-l interactive",
            "interactive " + user + " --pop-enabled --pop-claims u=/arm/id"),
        ok(
            "PoP pair kept for spn",
            withArgs(EXEC_AKS, "--pop-enabled --pop-claims u=/arm/id"),
            "-l spn",
            "spn " + user + " --pop-enabled --pop-claims u=/arm/id"),
        ok(
            "PoP pair kept for ropc",
            withArgs(EXEC_AKS, "--pop-enabled --pop-claims u=/arm/id"),
            "-l ropc",
            "ropc " + user + " --pop-enabled --pop-claims u=/arm/id"),
        ok(
            "PoP pair dropped for devicecode",
            withArgs(EXEC_AKS, "--pop-enabled --pop-claims u=/arm/id"),
            "",
            "devicecode " + user),
        ok(
            "PoP from flags",
            EXEC_AKS,
            "-l interactive --pop-enabled --pop-claims u=/a,x=y",
            "interactive " + user + " --pop-enabled --pop-claims u=/a,x=y"),
        ok(
            "redirect url and login hint kept",
            withArgs(EXEC_AKS, "--redirect-url http://localhost:8400 --login-hint a@example.test"),
            "-l interactive",
            "interactive "
                + user
                + " --redirect-url http://localhost:8400 --login-hint a@example.test"),
        ok(
            "--flag=value arguments are read",
            exec(
                "kubelogin",
                "get-token --server-id=" + S + " --client-id=" + C + " --tenant-id=" + T),
            "",
            "devicecode --client-id " + C + " --tenant-id " + T),
        ok(
            "a path to kubelogin matches and becomes bare kubelogin",
            exec("/usr/local/bin/kubelogin.exe", "get-token --server-id " + S),
            "-l azurecli",
            "azurecli"),
        // the environment
        ok(
            "AAD_LOGIN_METHOD picks the mode",
            EXEC_AKS,
            "",
            "interactive " + user,
            "AAD_LOGIN_METHOD",
            "interactive"),
        ok(
            "AZURE_CLIENT_ID replaces a given --client-id",
            EXEC_AKS,
            "-l spn --client-id SP",
            "spn --client-id ENV --tenant-id " + T + " --environment AzurePublicCloud",
            "AZURE_CLIENT_ID",
            "ENV"),
        ok(
            "AZURE_CLIENT_ID without the flag is not written",
            EXEC_AKS,
            "-l spn",
            "spn " + user,
            "AZURE_CLIENT_ID",
            "ENV"),
        // errors
        err(
            "azurecli form to devicecode lacks a client id",
            EXEC_AZURECLI,
            "",
            "--client-id is required"),
        err(
            "interactive without a tenant",
            exec("kubelogin", "get-token --server-id " + S + " --client-id C"),
            "-l interactive",
            "--tenant-id is required"),
        err(
            "no server id anywhere",
            exec("kubelogin", "get-token --login azurecli"),
            "-l azurecli",
            "--server-id is required"),
        err(
            "pop-enabled without claims",
            EXEC_AKS,
            "-l interactive --pop-enabled",
            "if enabling pop token mode"),
        err(
            "old pop-enabled without claims",
            withArgs(EXEC_AKS, "--pop-enabled"),
            "-l spn",
            "--pop-claims is required when specifying --pop-enabled"),
        err(
            "old pop-claims without enabled",
            withArgs(EXEC_AKS, "--pop-claims u=x"),
            "-l ropc",
            "--pop-enabled is required when specifying --pop-claims"),
        err("unknown login", EXEC_AKS, "-l magic", "'magic' is not a supported login method"),
        err(
            "azurepipelines without a tenant",
            EXEC_AZURECLI,
            "-l azurepipelines",
            "--tenant-id is required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conversions")
  void convert_table(
      String name,
      String userYaml,
      String flags,
      String expected,
      String error,
      Map<String, String> env)
      throws IOException {
    Path file = kubeconfig(userYaml);
    String before = Files.readString(file);
    List<String> args = new ArrayList<>(List.of("--kubeconfig", file.toString()));
    if (!flags.isEmpty()) {
      args.addAll(Arrays.asList(flags.split(" ")));
    }
    if (error != null) {
      assertThatThrownBy(() -> KubeconfigConverter.convert(args, env))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining(error);
      assertThat(Files.readString(file)).isEqualTo(before);
      return;
    }
    assertThat(KubeconfigConverter.convert(args, env)).containsExactly("u");
    AuthInfo converted = load(file).users().get("u");
    assertThat(converted.authProvider()).isEmpty();
    ExecConfig exec = converted.exec().orElseThrow();
    assertThat(exec.command()).isEqualTo("kubelogin");
    assertThat(exec.apiVersion()).isEqualTo("client.authentication.k8s.io/v1beta1");
    if (expected == null) {
      assertThat(exec.args()).containsSequence("--server-id", "S2");
      return;
    }
    String[] modeAndRest = expected.split(" ", 2);
    List<String> want = new ArrayList<>(List.of("get-token", "--login", modeAndRest[0]));
    want.add("--server-id");
    want.add(S);
    if (modeAndRest.length > 1) {
      List<String> rest = Arrays.asList(modeAndRest[1].split(" "));
      if (rest.get(0).equals("--cache-dir")) {
        want.add(2 + 1 + 2, "--cache-dir");
        want.add(6, rest.get(1));
        rest = rest.subList(2, rest.size());
      }
      want.addAll(rest);
    }
    assertThat(exec.args()).containsExactlyElementsOf(want);
  }

  @Test
  void convert_installHint_keptWhenSetElseTheGoToolsText() throws IOException {
    Path file = kubeconfig(EXEC_AKS + "      installHint: brew install kubelogin\n");
    KubeconfigConverter.convert(List.of("--kubeconfig", file.toString()), Map.of());
    assertThat(load(file).users().get("u").exec().orElseThrow().installHint())
        .contains("brew install kubelogin");

    Path legacy = kubeconfig(LEGACY);
    KubeconfigConverter.convert(List.of("--kubeconfig", legacy.toString()), Map.of());
    assertThat(load(legacy).users().get("u").exec().orElseThrow().installHint())
        .contains(KubeconfigConverter.INSTALL_HINT);
  }

  @Test
  void convert_azureConfigDir_becomesExecEnvForAzurecliOnly() throws IOException {
    Path file = kubeconfig(EXEC_AKS);
    KubeconfigConverter.convert(
        List.of("--kubeconfig", file.toString(), "-l", "azurecli", "--azure-config-dir", "/d"),
        Map.of());
    assertThat(load(file).users().get("u").exec().orElseThrow().env())
        .containsExactly(Map.entry("AZURE_CONFIG_DIR", "/d"));

    Path other = kubeconfig(EXEC_AKS);
    KubeconfigConverter.convert(
        List.of("--kubeconfig", other.toString(), "-l", "msi", "--azure-config-dir", "/d"),
        Map.of());
    assertThat(load(other).users().get("u").exec().orElseThrow().env()).isEmpty();
  }

  @Test
  void convert_context_touchesOnlyItsUser() throws IOException {
    Path file = dir.resolve("config");
    Files.writeString(
        file,
        "apiVersion: v1\nkind: Config\n"
            + "clusters:\n- name: k\n  cluster:\n    server: https://127.0.0.1:6443\n"
            + "contexts:\n- name: a\n  context:\n    cluster: k\n    user: ua\n"
            + "- name: b\n  context:\n    cluster: k\n    user: ub\n"
            + "users:\n- name: ua\n  user:\n"
            + EXEC_AKS.replace("    ", "    ")
            + "- name: ub\n  user:\n"
            + EXEC_AKS
            + "- name: other\n  user:\n"
            + exec("kubectl", "oidc-login get-token --oidc-issuer-url=https://x")
            + "- name: plain\n  user:\n    token: abc\n");
    assertThat(
            KubeconfigConverter.convert(
                List.of("--kubeconfig", file.toString(), "--context", "b", "-l", "azurecli"),
                Map.of()))
        .containsExactly("ub");
    Kubeconfig after = load(file);
    assertThat(after.users().get("ub").exec().orElseThrow().args()).contains("azurecli");
    assertThat(after.users().get("ua").exec().orElseThrow().args()).contains("devicecode");
    assertThat(after.users().get("other").exec().orElseThrow().command()).isEqualTo("kubectl");
    assertThat(after.users().get("plain").token()).contains("abc");

    assertThat(
            KubeconfigConverter.convert(
                List.of("--kubeconfig", file.toString(), "-l", "azurecli"), Map.of()))
        .containsExactlyInAnyOrder("ua", "ub");
  }

  @Test
  void convert_unknownContext_isAnError() throws IOException {
    Path file = kubeconfig(EXEC_AKS);
    assertThatThrownBy(
            () ->
                KubeconfigConverter.convert(
                    List.of("--kubeconfig", file.toString(), "--context", "nope"), Map.of()))
        .hasMessage("no context exists with the name: \"nope\"");
  }

  @Test
  void convert_usersOfSeveralFiles_eachWrittenBackToItsFile() throws IOException {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    Files.writeString(
        first, "apiVersion: v1\nkind: Config\nusers:\n- name: one\n  user:\n" + EXEC_AKS);
    Files.writeString(
        second, "apiVersion: v1\nkind: Config\nusers:\n- name: two\n  user:\n" + LEGACY);
    KubeconfigLoader loader =
        KubeconfigLoader.builder()
            .kubeconfigEnv(first + java.io.File.pathSeparator + second)
            .build();
    assertThat(KubeconfigConverter.convert(List.of("-l", "azurecli"), Map.of(), loader))
        .containsExactlyInAnyOrder("one", "two");
    assertThat(Files.readString(first)).contains("azurecli").doesNotContain("two");
    assertThat(Files.readString(second)).contains("azurecli").doesNotContain("auth-provider");
  }

  private static Arguments ok(
      String name, String user, String flags, String expected, String... env) {
    return Arguments.of(name, user, flags, expected, null, envOf(env));
  }

  private static Arguments err(String name, String user, String flags, String error) {
    return Arguments.of(name, user, flags, null, error, Map.of());
  }

  private static Map<String, String> envOf(String... kv) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static String exec(String command, String args) {
    StringBuilder sb =
        new StringBuilder("    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n")
            .append("      command: ")
            .append(command)
            .append("\n      args:\n");
    for (String a : args.split(" ")) {
      sb.append("      - \"").append(a).append("\"\n");
    }
    return sb.toString();
  }

  private static String withArgs(String execYaml, String more) {
    StringBuilder sb = new StringBuilder(execYaml);
    for (String a : more.split(" ")) {
      sb.append("      - \"").append(a).append("\"\n");
    }
    return sb.toString();
  }

  private Path kubeconfig(String userYaml) throws IOException {
    Path file = Files.createTempFile(dir, "config", "");
    Files.writeString(
        file,
        "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
            + "clusters:\n- name: k\n  cluster:\n    server: https://127.0.0.1:6443\n"
            + "contexts:\n- name: c\n  context:\n    cluster: k\n    user: u\n"
            + "users:\n- name: u\n  user:\n"
            + userYaml);
    return file;
  }

  private static Kubeconfig load(Path file) {
    return KubeconfigLoader.builder().explicitFile(file).build().load();
  }
}
