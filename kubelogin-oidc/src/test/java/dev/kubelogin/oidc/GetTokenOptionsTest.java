package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.oidc.cache.TokenCacheKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GetTokenOptionsTest {
  private static final Path HOME = Path.of("/home/u");
  private static final String ISSUER = "--oidc-issuer-url=https://issuer.example.com";
  private static final String CLIENT = "--oidc-client-id=kubernetes";

  private static GetTokenOptions parse(String... args) {
    return GetTokenOptions.parse(List.of(args));
  }

  @Test
  void parse_issuerAndClient_sameCacheFileAsGoTool() {
    assertThat(parse(ISSUER, CLIENT).cacheKey(HOME).fileName())
        .isEqualTo("14f4f0fa7b3a2d30e319d0334ca320029af986c472c335463edb8bf0aea00b3a");
    assertThat(
            parse(
                    "--oidc-issuer-url",
                    "https://issuer.example.com",
                    "--oidc-client-id",
                    "kubernetes")
                .cacheKey(HOME)
                .fileName())
        .isEqualTo("14f4f0fa7b3a2d30e319d0334ca320029af986c472c335463edb8bf0aea00b3a");
  }

  @Test
  void parse_scopesSplitOnCommasAndAccumulate_sameCacheFileAsGoTool() {
    String expected = "c50f8af998547f0ef74e3bb93de694006886d60193bdfaaa2b67cf511ea9f359";
    assertThat(
            parse(
                    ISSUER,
                    CLIENT,
                    "--oidc-client-secret=s3cr3t",
                    "--oidc-extra-scope=email",
                    "--oidc-extra-scope",
                    "profile")
                .cacheKey(HOME)
                .fileName())
        .isEqualTo(expected);
    assertThat(
            parse(ISSUER, CLIENT, "--oidc-client-secret=s3cr3t", "--oidc-extra-scope=email,profile")
                .cacheKey(HOME)
                .fileName())
        .isEqualTo(expected);
  }

  @Test
  void parse_usernameMeansPasswordGrantAndKeyedByUsername() {
    GetTokenOptions o = parse(ISSUER, CLIENT, "--username=alice");
    assertThat(o.grantType()).isEqualTo(GrantType.PASSWORD);
    assertThat(o.cacheKey(HOME).fileName())
        .isEqualTo("3d7cff524ce80bb55ac672e35284fdf218a940a14099e8238600a696f2cbcd1b");
    assertThat(
            parse(ISSUER, CLIENT, "--username=alice", "--grant-type=device-code")
                .cacheKey(HOME)
                .username())
        .isEmpty();
  }

  @Test
  void parse_clientCredentials_emptyNonNilExtraParamsInKey() {
    assertThat(parse(ISSUER, CLIENT, "--grant-type=client-credentials").cacheKey(HOME).fileName())
        .isEqualTo("343abc766e8f675a2d0421caa2b28d68938dc26243190275af7e09649bb84b23");
  }

  @Test
  void parse_mapsBoolsArraysAndKlogFlags() {
    GetTokenOptions o =
        parse(
            ISSUER,
            CLIENT,
            "--oidc-request-header=Origin=https://a,X=1",
            "--oidc-request-header",
            "Y=2",
            "--certificate-authority=~/ca.pem",
            "--certificate-authority",
            "/etc/ca,with-comma.pem",
            "--insecure-skip-tls-verify",
            "--force-refresh=false",
            "--oidc-use-pkce",
            "-v1",
            "--v=3",
            "-v",
            "2",
            "--tls-renegotiation-once",
            "--listen-address=127.0.0.1:0");
    assertThat(o.requestHeaders())
        .containsExactly(
            Map.entry("Origin", "https://a"), Map.entry("X", "1"), Map.entry("Y", "2"));
    assertThat(o.certificateAuthorities()).containsExactly("~/ca.pem", "/etc/ca,with-comma.pem");
    assertThat(o.insecureSkipTlsVerify()).isTrue();
    assertThat(o.forceRefresh()).isFalse();
    assertThat(o.pkceMethod()).isEqualTo(TokenCacheKey.PkceMethod.S256);
    assertThat(o.renegotiation()).isEqualTo(1);
    assertThat(o.listenAddresses()).containsExactly("127.0.0.1:0");
    TokenCacheKey key = o.cacheKey(HOME);
    assertThat(key.caCertFilenames()).containsExactly("/home/u/ca.pem", "/etc/ca,with-comma.pem");
    assertThat(key.fileNameCandidates()).hasSize(6);
  }

  @Test
  void parse_defaults() {
    GetTokenOptions o = parse(ISSUER, CLIENT);
    assertThat(o.grantType()).isEqualTo(GrantType.AUTHCODE);
    assertThat(o.listenAddresses()).containsExactly("127.0.0.1:8000", "127.0.0.1:18000");
    assertThat(o.authenticationTimeoutSeconds()).isEqualTo(180);
    assertThat(o.storage()).isEqualTo("disk");
    assertThat(o.requestHeaders()).isNull();
  }

  @Test
  void cacheDirectory_flagEnvAndDefault() {
    assertThat(parse(ISSUER, CLIENT).cacheDirectory(Map.of(), HOME))
        .isEqualTo(Path.of("/home/u/.kube/cache/oidc-login"));
    assertThat(parse(ISSUER, CLIENT).cacheDirectory(Map.of("KUBECACHEDIR", "/var/kc"), HOME))
        .isEqualTo(Path.of("/var/kc/oidc-login"));
    assertThat(parse(ISSUER, CLIENT).cacheDirectory(Map.of("KUBECACHEDIR", ""), HOME))
        .isEqualTo(Path.of("oidc-login"));
    assertThat(
            parse(ISSUER, CLIENT, "--token-cache-dir=~/.cache/t")
                .cacheDirectory(Map.of("KUBECACHEDIR", "/x"), HOME))
        .isEqualTo(Path.of("/home/u/.cache/t"));
  }

  @Test
  void parse_badArguments_clearErrors() {
    assertThatThrownBy(() -> parse(CLIENT))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("get-token: --oidc-issuer-url is missing");
    assertThatThrownBy(() -> parse(ISSUER, CLIENT, "--no-such-flag"))
        .hasMessage("get-token: unknown flag: --no-such-flag");
    assertThatThrownBy(() -> parse(ISSUER, CLIENT, "--oidc-redirect-url-hostname=h"))
        .hasMessage(
            "get-token: --oidc-redirect-url-hostname was removed from kubelogin; use --oidc-redirect-url");
    assertThatThrownBy(() -> parse(ISSUER, CLIENT, "--username"))
        .hasMessage("get-token: flag needs an argument: --username");
    assertThatThrownBy(() -> parse(ISSUER, CLIENT, "stray"))
        .hasMessage("get-token: unexpected argument \"stray\"");
    assertThatThrownBy(() -> parse(ISSUER, CLIENT, "--grant-type=magic"))
        .hasMessageStartingWith("get-token: invalid --grant-type \"magic\"");
    assertThatThrownBy(() -> parse(ISSUER, CLIENT, "--force-refresh=maybe"))
        .hasMessageContaining("not a boolean");
    assertThatThrownBy(() -> parse(ISSUER, CLIENT, "--oidc-request-header=novalue"))
        .hasMessageContaining("must be key=value");
    assertThatThrownBy(() -> parse(ISSUER, CLIENT, "--local-server-cert=c.pem"))
        .hasMessage("get-token: --local-server-cert and --local-server-key must be given together");
  }

  @Test
  void toString_hidesSecrets() {
    assertThat(parse(ISSUER, CLIENT, "--oidc-client-secret=s3cr3t", "--password=pw").toString())
        .doesNotContain("s3cr3t")
        .doesNotContain("pw");
  }

  @Test
  void builder_sameOptionsAsTheFlags_sameCacheKey() {
    java.nio.file.Path home = java.nio.file.Path.of("/home/u");
    GetTokenOptions parsed =
        GetTokenOptions.parse(
            List.of(
                "--oidc-issuer-url=https://issuer.example.com",
                "--oidc-client-id=kubernetes",
                "--oidc-client-secret=s3cr3t",
                "--oidc-extra-scope=email,profile",
                "--grant-type=password",
                "--username=alice",
                "--certificate-authority=~/ca.pem",
                "--oidc-auth-request-extra-params=audience=a"));
    GetTokenOptions built =
        GetTokenOptions.builder("https://issuer.example.com", "kubernetes")
            .clientSecret("s3cr3t")
            .extraScopes(List.of("email", "profile"))
            .grantType(GrantType.PASSWORD)
            .username("alice")
            .certificateAuthorities(List.of("~/ca.pem"))
            .authRequestExtraParams(java.util.Map.of("audience", "a"))
            .build();

    org.assertj.core.api.Assertions.assertThat(built.cacheKey(home).fileName())
        .isEqualTo(parsed.cacheKey(home).fileName());
    org.assertj.core.api.Assertions.assertThat(built.grantType()).isEqualTo(GrantType.PASSWORD);
  }

  @Test
  void builder_unknownStorage_rejected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GetTokenOptions.builder("https://i", "c").tokenCacheStorage("cloud").build())
        .hasMessageContaining("--token-cache-storage");
  }
}
