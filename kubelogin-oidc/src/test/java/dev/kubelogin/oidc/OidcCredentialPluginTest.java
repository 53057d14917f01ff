package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kubelogin.core.FakeClock;
import dev.kubelogin.core.InteractionRequiredException;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.exec.ExecCredentialCodec;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.PluginCache;
import dev.kubelogin.oidc.cache.CachedTokens;
import dev.kubelogin.testing.TestIdentityProviderExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Kubeconfig users of int128's forms, resolved in-process through the core resolver. */
class OidcCredentialPluginTest {
  @RegisterExtension
  static final TestIdentityProviderExtension provider = TestIdentityProviderExtension.create();

  @TempDir Path home;

  private static String issuer() {
    return provider.get().issuerUrl();
  }

  private Path kubeconfig(String user) throws Exception {
    Path file = home.resolve("config");
    Files.writeString(
        file,
        "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
            + "clusters:\n- name: k\n  cluster:\n    server: https://127.0.0.1:6443\n"
            + "contexts:\n- name: c\n  context:\n    cluster: k\n    user: u\n"
            + "users:\n- name: u\n  user:\n"
            + user);
    return file;
  }

  private TokenProvider resolve(Path kubeconfig) {
    return resolve(kubeconfig, Clock.systemUTC());
  }

  private TokenProvider resolve(Path kubeconfig, Clock clock) {
    return KubeconfigResolver.builder()
        .loader(KubeconfigLoader.builder().explicitFile(kubeconfig).homeDirectory(home).build())
        .environment(Map.of("HOME", home.toString()))
        .interactive(false)
        .clock(clock)
        .build()
        .resolve()
        .credentials()
        .tokenProvider()
        .orElseThrow();
  }

  private static String exec(String command, String... args) {
    StringBuilder b =
        new StringBuilder(
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                + "      interactiveMode: Never\n      command: "
                + command
                + "\n      args:\n");
    for (String a : args) {
      b.append("      - ").append(a).append('\n');
    }
    return b.toString();
  }

  @Test
  void forExec_kubectlOidcLogin_servedInProcessIntoTheGoToolsCacheFile() throws Exception {
    List<String> args =
        List.of(
            "--oidc-issuer-url=" + issuer(),
            "--oidc-client-id=kubernetes",
            "--grant-type=password",
            "--username=alice",
            "--password=pw");
    Path config =
        kubeconfig(
            exec(
                "kubectl",
                "oidc-login",
                "get-token",
                args.get(0),
                args.get(1),
                args.get(2),
                args.get(3),
                args.get(4)));

    String token = resolve(config).token().value();

    assertThat(SignedJWT.parse(token).getJWTClaimsSet().getSubject()).isEqualTo("alice");
    Path cacheFile =
        home.resolve(".kube/cache/oidc-login")
            .resolve(GetTokenOptions.parse(args).cacheKey(home).fileName());
    assertThat(Files.readString(cacheFile)).startsWith("{\"id_token\":\"" + token + "\"");
  }

  @Test
  void cacheDirectory_isTheOptionsCacheDirectory_emptyWithoutDiskStorage(@TempDir Path home) {
    KubeconfigResolver resolver =
        KubeconfigResolver.builder()
            .environment(Map.of("HOME", home.toString()))
            .plugins(List.of(new OidcCredentialPlugin()))
            .build();
    ExecConfig disk =
        ExecConfig.builder("kubelogin", ExecCredentialCodec.V1)
            .args(List.of("get-token", "--oidc-issuer-url=https://i", "--oidc-client-id=c"))
            .build();
    ExecConfig memory =
        ExecConfig.builder("kubelogin", ExecCredentialCodec.V1)
            .args(
                List.of(
                    "get-token",
                    "--oidc-issuer-url=https://i",
                    "--oidc-client-id=c",
                    "--token-cache-storage=none"))
            .build();

    Path dir = home.resolve(".kube/cache/oidc-login");
    String file = GetTokenOptions.parse(disk.args().subList(1, 3)).cacheKey(home).fileName();
    assertThat(resolver.cacheOf(disk))
        .contains(PluginCache.of(dir, dir.resolve(file), CachedTokens.EXPIRY_SKEW));
    assertThat(resolver.serveExec(disk)).isPresent();
    assertThat(resolver.cacheOf(memory)).isEmpty();
    assertThat(resolver.serveExec(memory)).isPresent();
    ExecConfig forced =
        ExecConfig.builder("kubelogin", ExecCredentialCodec.V1)
            .args(with(disk.args(), "--force-refresh"))
            .build();
    assertThat(resolver.cacheOf(forced)).contains(PluginCache.of(dir)); // no token served again
    assertThat(resolver.environmentVariables()).containsExactly("HOME", "KUBECACHEDIR");
  }

  private static List<String> with(List<String> args, String arg) {
    List<String> all = new java.util.ArrayList<>(args);
    all.add(arg);
    return all;
  }

  @Test
  void getTokenArgs_recognisesInt128FormsOnly() {
    assertThat(
            OidcCredentialPlugin.getTokenArgs(
                "/usr/local/bin/kubectl-oidc_login", List.of("get-token", "--oidc-issuer-url=x")))
        .contains(List.of("--oidc-issuer-url=x"));
    assertThat(
            OidcCredentialPlugin.getTokenArgs(
                "kubelogin.exe", List.of("get-token", "--oidc-issuer-url", "x")))
        .contains(List.of("--oidc-issuer-url", "x"));
    assertThat(
            OidcCredentialPlugin.getTokenArgs(
                "kubelogin", List.of("get-token", "--login", "devicecode", "--server-id", "s")))
        .isEmpty();
    assertThat(
            OidcCredentialPlugin.getTokenArgs(
                "kubelogin", List.of("get-token", "-oidc-issuer-url=x", "-oidc-client-id=y")))
        .contains(List.of("-oidc-issuer-url=x", "-oidc-client-id=y"));
    assertThat(
            OidcCredentialPlugin.getTokenArgs(
                "kubelogin", List.of("get-token", "--oidc-client-id=y", "--grant-type=password")))
        .as("every oidc- flag is int128's, so a missing issuer is reported by its parser")
        .contains(List.of("--oidc-client-id=y", "--grant-type=password"));
    assertThat(OidcCredentialPlugin.getTokenArgs("kubectl", List.of("oidc-login", "setup")))
        .isEmpty();
    assertThat(OidcCredentialPlugin.getTokenArgs("gke-gcloud-auth-plugin", List.of())).isEmpty();
  }

  @Test
  void forExec_browserLoginNeededWhileNotInteractive_failsFastWithTheCommandSecretsHidden()
      throws Exception {
    Path config =
        kubeconfig(
            exec(
                "kubectl-oidc_login",
                "get-token",
                "--oidc-issuer-url=" + issuer(),
                "--oidc-client-id=kubernetes",
                "--oidc-client-secret=s3cr3t"));

    assertThatThrownBy(() -> resolve(config).token())
        .isInstanceOf(InteractionRequiredException.class)
        .hasMessageContaining("there is no cached token")
        .hasMessageContaining(
            "run `kubectl-oidc_login get-token --oidc-issuer-url="
                + issuer()
                + " --oidc-client-id=kubernetes --oidc-client-secret=***`")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void forAuthProvider_expiredIdToken_refreshedAndWrittenBack() throws Exception {
    try (ScriptedIdp idp = new ScriptedIdp()) {
      Instant now = Instant.now();
      String expired = idp.idToken(now.minusSeconds(3600), now.minusSeconds(60));
      String fresh = idp.idToken(now, now.plusSeconds(3600));
      idp.answerTokens(fresh, "rt-2");
      Path config =
          kubeconfig(
              "    auth-provider:\n      name: oidc\n      config:\n"
                  + "        idp-issuer-url: "
                  + idp.issuer
                  + "\n        client-id: kubernetes\n"
                  + "        id-token: "
                  + expired
                  + "\n        refresh-token: rt-1\n");

      assertThat(resolve(config).token().value()).isEqualTo(fresh);

      String written = Files.readString(config);
      assertThat(written).contains("id-token: " + fresh).contains("refresh-token: rt-2");
      assertThat(idp.form(idp.tokenRequests.get(0))).containsEntry("refresh_token", "rt-1");
      assertThat(resolve(config).token().value()).isEqualTo(fresh);
      assertThat(idp.tokenRequests).hasSize(1);
    }
  }

  @Test
  void forAuthProvider_expiredWithoutRefreshToken_loginRequired() throws Exception {
    Path config =
        kubeconfig(
            "    auth-provider:\n      name: oidc\n      config:\n"
                + "        idp-issuer-url: https://idp.example\n        client-id: k\n"
                + "        id-token: not.a.jwt\n");

    assertThatThrownBy(() -> resolve(config).token())
        .isInstanceOf(InteractionRequiredException.class)
        .hasMessageContaining("there is no refresh-token");
  }

  @Test
  void forExec_shortLivedToken_notServedInItsLast10Seconds() throws Exception {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    FakeClock clock = new FakeClock(now);
    List<String> args = List.of("--oidc-issuer-url=" + issuer(), "--oidc-client-id=kubernetes");
    String twentySeconds =
        ScriptedIdp.unsigned(
            new JWTClaimsSet.Builder()
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(20)))
                .build());
    Path cacheDir = Files.createDirectories(home.resolve(".kube/cache/oidc-login"));
    Files.writeString(
        cacheDir.resolve(GetTokenOptions.parse(args).cacheKey(home).fileName()),
        new CachedTokens(twentySeconds, null).toJson());
    TokenProvider provider =
        resolve(
            kubeconfig(exec("kubectl", "oidc-login", "get-token", args.get(0), args.get(1))),
            clock);

    assertThat(provider.token().value()).isEqualTo(twentySeconds);
    clock.advance(Duration.ofSeconds(9));
    assertThat(provider.token().value()).isEqualTo(twentySeconds);

    clock.advance(Duration.ofSeconds(3)); // 8 s left
    assertThatThrownBy(provider::token)
        .isInstanceOf(InteractionRequiredException.class)
        .hasMessageContaining("expired and there is no refresh token");
  }

  @Test
  void forAuthProvider_shortLivedToken_refreshedBeforeItsLast10Seconds() throws Exception {
    try (ScriptedIdp idp = new ScriptedIdp()) {
      Instant now = Instant.now();
      FakeClock clock = new FakeClock(now);
      String twentySeconds = idp.idToken(now, now.plusSeconds(20));
      String fresh = idp.idToken(now.plusSeconds(12), now.plusSeconds(32));
      idp.answerTokens(fresh, "rt-2");
      TokenProvider provider =
          resolve(
              kubeconfig(
                  "    auth-provider:\n      name: oidc\n      config:\n"
                      + "        idp-issuer-url: "
                      + idp.issuer
                      + "\n        client-id: kubernetes\n"
                      + "        id-token: "
                      + twentySeconds
                      + "\n        refresh-token: rt-1\n"),
              clock);

      assertThat(provider.token().value()).isEqualTo(twentySeconds);
      clock.advance(Duration.ofSeconds(12)); // 8 s left
      assertThat(provider.token().value()).isEqualTo(fresh);
      assertThat(idp.tokenRequests).hasSize(1);
    }
  }
}
