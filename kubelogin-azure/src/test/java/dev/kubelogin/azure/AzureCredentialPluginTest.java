package dev.kubelogin.azure;

import static dev.kubelogin.testing.FakeEntra.PUBLIC_CLIENT;
import static dev.kubelogin.testing.FakeEntra.SERVER_ID;
import static dev.kubelogin.testing.FakeEntra.SPN_CLIENT;
import static dev.kubelogin.testing.FakeEntra.SPN_SECRET;
import static dev.kubelogin.testing.FakeEntra.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.exec.ExecCredentialCodec;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.CredentialPlugin;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.PluginCache;
import dev.kubelogin.testing.FakeEntraExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Azure kubeconfig users resolved in-process through the core resolver. */
class AzureCredentialPluginTest {
  @TempDir Path home;
  @RegisterExtension final FakeEntraExtension entra = FakeEntraExtension.create();

  private TokenProvider resolve(String user, Map<String, String> env) throws Exception {
    Path file = home.resolve("config");
    Files.writeString(
        file,
        "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
            + "clusters:\n- name: k\n  cluster:\n    server: https://127.0.0.1:6443\n"
            + "contexts:\n- name: c\n  context:\n    cluster: k\n    user: u\n"
            + "users:\n- name: u\n  user:\n"
            + user);
    return KubeconfigResolver.builder()
        .loader(KubeconfigLoader.builder().explicitFile(file).homeDirectory(home).build())
        .environment(env)
        .plugins(List.of(new AzureCredentialPlugin().withRequestRoute(entra.get()::redirect)))
        .interactive(false)
        .build()
        .resolve()
        .credentials()
        .tokenProvider()
        .orElseThrow();
  }

  private static String exec(String command, String... args) {
    StringBuilder b =
        new StringBuilder(
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: "
                + command
                + "\n      env:\n      - name: AZURE_CLIENT_SECRET\n        value: "
                + SPN_SECRET
                + "\n      args:\n");
    for (String a : args) {
      b.append("      - \"").append(a).append("\"\n");
    }
    return b.toString();
  }

  @Test
  void serviceLoader_findsThePlugin() {
    assertThat(ServiceLoader.load(CredentialPlugin.class).stream().map(p -> p.type().getName()))
        .contains(AzureCredentialPlugin.class.getName());
  }

  @Test
  void execStanza_spn_servedInProcess_withTheStanzasEnvAndCacheDir() throws Exception {
    Path cacheDir = home.resolve("azcache");
    TokenProvider p =
        resolve(
            exec(
                "/usr/local/bin/kubelogin",
                "get-token",
                "--login",
                "spn",
                "--server-id",
                SERVER_ID,
                "--client-id",
                SPN_CLIENT,
                "--tenant-id=" + TENANT,
                "--cache-dir",
                cacheDir.toString()),
            Map.of("HOME", home.toString()));
    assertThat(p.token().value()).startsWith("app-at-");
    assertThat(entra.get().tokenRequests().get(0)).containsEntry("client_secret", SPN_SECRET);
    assertThat(cacheDir.resolve(MsalCacheFile.TOKENS)).exists();
  }

  @Test
  void execStanza_deviceCode_nonInteractive_failsFastNamingTheStanzasCommand() {
    assertThatThrownBy(
            () ->
                resolve(
                        exec(
                            "kubelogin",
                            "get-token",
                            "--login",
                            "devicecode",
                            "--server-id",
                            SERVER_ID,
                            "--client-id",
                            PUBLIC_CLIENT,
                            "--tenant-id",
                            TENANT),
                        Map.of("HOME", home.toString()))
                    .token())
        .isInstanceOf(InteractionRequiredException.class)
        .hasMessageContaining("run `kubelogin get-token")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SPN_SECRET));
  }

  @Test
  void authProviderAzure_configMode1_resolvesAsDeviceCode() {
    String user =
        "    auth-provider:\n      name: azure\n      config:\n        apiserver-id: "
            + SERVER_ID
            + "\n        client-id: "
            + PUBLIC_CLIENT
            + "\n        tenant-id: "
            + TENANT
            + "\n        config-mode: \"1\"\n";
    assertThatThrownBy(() -> resolve(user, Map.of("HOME", home.toString())).token())
        .isInstanceOf(InteractionRequiredException.class)
        .hasMessageContaining("devicecode");
  }

  @Test
  void authProviderAzure_legacyMode_isReportedWithTheAlternative() {
    String user =
        "    auth-provider:\n      name: azure\n      config:\n        apiserver-id: "
            + SERVER_ID
            + "\n        client-id: "
            + PUBLIC_CLIENT
            + "\n        tenant-id: "
            + TENANT
            + "\n";
    assertThatThrownBy(() -> resolve(user, Map.of("HOME", home.toString())))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("--legacy");
  }

  @Test
  void cache_followsKubecachedirAndCacheDirFlag_tokenFileForModesThatKeepBearerTokens(
      @TempDir Path dir) {
    KubeconfigResolver resolver =
        KubeconfigResolver.builder()
            .environment(
                Map.of("HOME", dir.toString(), "KUBECACHEDIR", dir.resolve("k").toString()))
            .plugins(List.of(new AzureCredentialPlugin()))
            .build();
    List<String> spn =
        List.of("get-token", "-l", "spn", "--server-id", "s", "--client-id", "c", "-t", "t");
    Duration margin = Duration.ofMinutes(5);

    assertThat(resolver.cacheOf(azure(spn)))
        .contains(PluginCache.of(dir.resolve("k"), dir.resolve("k/msal_token_cache.json"), margin));
    assertThat(resolver.cacheOf(azure(with(spn, "--cache-dir=" + dir.resolve("flag")))))
        .contains(
            PluginCache.of(dir.resolve("flag"), dir.resolve("flag/msal_token_cache.json"), margin));
    assertThat(resolver.cacheOf(azure(with(spn, "--pop-enabled", "--pop-claims=u=h"))))
        .contains(PluginCache.of(dir.resolve("k")));
    assertThat(resolver.cacheOf(azure(List.of("get-token", "-l", "msi", "--server-id", "s"))))
        .contains(PluginCache.of(dir.resolve("k")));
    assertThat(
            resolver.cacheOf(
                ExecConfig.builder("kubectl", ExecCredentialCodec.V1)
                    .args(List.of("oidc-login", "get-token"))
                    .build()))
        .isEmpty();
  }

  private static ExecConfig azure(List<String> args) {
    return ExecConfig.builder("kubelogin", ExecCredentialCodec.V1).args(args).build();
  }

  private static List<String> with(List<String> args, String... more) {
    List<String> all = new java.util.ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }

  /** Every variable that options parsing or a mode's token source reads is declared. */
  @Test
  void environmentVariables_coverEveryVariableTheModesRead(@TempDir Path dir) {
    java.util.Set<String> read = new java.util.TreeSet<>();
    Map<String, String> recording =
        new java.util.HashMap<>() {
          @Override
          public String get(Object key) {
            read.add((String) key);
            return null;
          }

          @Override
          public boolean containsKey(Object key) {
            read.add((String) key);
            return false;
          }

          @Override
          public String getOrDefault(Object key, String fallback) {
            read.add((String) key);
            return fallback;
          }
        };
    for (LoginMode mode : LoginMode.values()) {
      for (String rm : List.of("false", "true")) {
        AzureOptions o =
            AzureOptions.parse(
                List.of("-l", mode.flagValue(), "--use-azurerm-env-vars=" + rm), recording);
        o.cacheDirectory(recording, dir);
        try {
          ClientAssertions.workloadIdentity(o, recording);
        } catch (RuntimeException expected) {
          // no token file: only the variables read before matter
        }
        try {
          ClientAssertions.azurePipelines(o, recording);
        } catch (RuntimeException expected) {
          // no service connection
        }
      }
    }
    read.add("HOME"); // GoFlags.home, asked by the plugin for the cache directory

    assertThat(new AzureCredentialPlugin().environmentVariables()).containsAll(read);
  }

  @Test
  void getTokenArgs_claimsAzureFormsOnly() {
    assertThat(
            AzureCredentialPlugin.getTokenArgs("kubelogin", List.of("get-token", "--login", "msi")))
        .contains(List.of("--login", "msi"));
    assertThat(AzureCredentialPlugin.getTokenArgs("C:\\bin\\kubelogin.exe", List.of("get-token")))
        .isPresent();
    assertThat(
            AzureCredentialPlugin.getTokenArgs(
                "kubelogin", List.of("get-token", "--oidc-issuer-url=https://x")))
        .isEmpty();
    assertThat(
            AzureCredentialPlugin.getTokenArgs(
                "kubelogin", List.of("get-token", "-oidc-issuer-url=https://x")))
        .isEmpty();
    assertThat(AzureCredentialPlugin.getTokenArgs("kubectl", List.of("oidc-login", "get-token")))
        .isEmpty();
    assertThat(AzureCredentialPlugin.getTokenArgs("kubelogin", List.of("convert-kubeconfig")))
        .isEmpty();
  }
}
