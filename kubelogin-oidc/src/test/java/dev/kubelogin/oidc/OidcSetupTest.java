package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelogin.testing.TestIdentityProvider;
import dev.kubelogin.testing.TestIdentityProviderExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OidcSetupTest {
  @RegisterExtension
  static final TestIdentityProviderExtension provider =
      TestIdentityProviderExtension.of(
          TestIdentityProvider.builder().user("alice", List.of("dev")));

  private static String issuer() {
    return provider.get().issuerUrl();
  }

  @Test
  void run_password_claimsCommandUsernameAndApiServerConfig() {
    List<String> args =
        List.of(
            "--oidc-issuer-url=" + issuer(),
            "--oidc-client-id",
            "kubernetes",
            "--username=alice",
            "--password=pw",
            "--oidc-extra-scope=email",
            "--oidc-extra-scope=profile",
            "--skip-open-browser");
    OidcAuthenticator auth =
        OidcAuthenticator.builder(GetTokenOptions.parse(args)).environment(Map.of()).build();

    OidcSetup setup = OidcSetup.run(auth, args);

    assertThat(setup.claims()).containsEntry("sub", "alice");
    assertThat(setup.claimsJson()).contains("\"sub\": \"alice\"");
    assertThat(setup.username()).isEqualTo(issuer() + "#alice");
    assertThat(setup.groups()).containsExactly("dev");
    assertThat(setup.apiServerFlags())
        .containsExactly(
            "--oidc-issuer-url=" + issuer(),
            "--oidc-client-id=kubernetes",
            "--oidc-groups-claim=groups");
    assertThat(setup.authenticationConfiguration())
        .contains("kind: AuthenticationConfiguration\n")
        .contains("    url: \"" + issuer() + "\"\n")
        .contains("      prefix: \"" + issuer() + "#\"\n")
        .contains("    groups:\n      claim: groups\n      prefix: \"\"\n");
    assertThat(setup.setCredentialsCommand())
        .startsWith("kubectl config set-credentials oidc \\\n")
        .contains("--exec-interactive-mode=Never")
        .containsSubsequence(
            "--exec-arg=\"--oidc-client-id=kubernetes\"",
            "--exec-arg=\"--oidc-extra-scope=email\"",
            "--exec-arg=\"--oidc-extra-scope=profile\"",
            "--exec-arg=\"--oidc-issuer-url=" + issuer() + "\"",
            "--exec-arg=\"--password=pw\"",
            "--exec-arg=\"--skip-open-browser=true\"",
            "--exec-arg=\"--username=alice\"");
  }

  @Test
  void goQuote_escapesLikeStrconvQuote() {
    assertThat(OidcSetup.goQuote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\x01\"");
  }
}
