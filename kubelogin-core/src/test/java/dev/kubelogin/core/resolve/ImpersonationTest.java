package dev.kubelogin.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImpersonationTest {
  @Test
  void headers_allFields_asClientGoSendsThem() {
    Impersonation i =
        new Impersonation(
            "jane",
            "1234",
            List.of("dev", "ops"),
            Map.of("scopes", List.of("a", "b"), "acme.com/project", List.of("x")));

    assertThat(i.headers())
        .containsExactly(
            Map.entry("Impersonate-User", List.of("jane")),
            Map.entry("Impersonate-Uid", List.of("1234")),
            Map.entry("Impersonate-Group", List.of("dev", "ops")),
            Map.entry("Impersonate-Extra-acme.com%2Fproject", List.of("x")),
            Map.entry("Impersonate-Extra-scopes", List.of("a", "b")));
  }

  @Test
  void headers_userOnly_noOtherHeaders() {
    assertThat(new Impersonation("jane", null, List.of(), Map.of()).headers())
        .containsOnlyKeys("Impersonate-User");
  }

  @Test
  void headerKey_escapesWhatAHeaderNameCannotHoldAndThePercentSign() {
    assertThat(Impersonation.headerKey("a-b.c_d~e!")).isEqualTo("a-b.c_d~e!");
    assertThat(Impersonation.headerKey("with space/slash:colon%"))
        .isEqualTo("with%20space%2Fslash%3Acolon%25");
    assertThat(Impersonation.headerKey("é")).isEqualTo("%C3%A9");
  }
}
