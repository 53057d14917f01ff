package dev.kubelogin.core.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pflag's rules and the Go tools' messages, for every kind of flag. */
class GoFlagSetTest {
  private static final GoFlagSet SET =
      GoFlagSet.of(
          "get-token",
          List.of(
              GoFlag.string("login", "MODE", "mode").withShorthand('l'),
              GoFlag.string("server-id", "ID", "server"),
              GoFlag.bool("pop-enabled", "pop"),
              GoFlag.of("timeout", GoFlag.Kind.DURATION, "DURATION", "timeout"),
              GoFlag.of("scope", GoFlag.Kind.STRING_SLICE, "SCOPE", "scopes"),
              GoFlag.of("ca", GoFlag.Kind.STRING_ARRAY, "FILE", "files"),
              GoFlag.of("header", GoFlag.Kind.STRING_TO_STRING, "K=V", "headers"),
              GoFlag.string("cache-dir", "DIR", "dir"),
              GoFlag.string("token-cache-dir", "DIR", "old").aliasOf("cache-dir"),
              GoFlag.string("v", "LEVEL", "klog").withShorthand('v').ignored(),
              GoFlag.removed("old-flag", "--login")));

  private static void rejects(List<String> args, String message) {
    assertThatThrownBy(() -> SET.parse(args))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(message);
  }

  @Test
  void parse_longAndShortForms_sameValue() {
    for (List<String> args :
        List.of(
            List.of("--login=spn"),
            List.of("--login", "spn"),
            List.of("-l", "spn"),
            List.of("-lspn"),
            List.of("-l=spn"))) {
      assertThat(SET.parse(args).string("login")).as("%s", args).contains("spn");
    }
  }

  @Test
  void parse_booleans_takeAValueOnlyWithEquals() {
    assertThat(SET.parse(List.of("--pop-enabled")).bool("pop-enabled")).contains(true);
    assertThat(SET.parse(List.of("--pop-enabled=F")).bool("pop-enabled")).contains(false);
    assertThat(SET.parse(List.of()).bool("pop-enabled")).isEmpty();
    rejects(List.of("--pop-enabled", "true"), "get-token: unexpected argument \"true\"");
    rejects(
        List.of("--pop-enabled=yes"),
        "get-token: invalid argument \"yes\" for --pop-enabled: not a boolean");
  }

  @Test
  void parse_slicesArraysAndMaps_accumulate() {
    ParsedFlags p =
        SET.parse(
            List.of(
                "--scope=a,\"b,c\"",
                "--scope",
                "d",
                "--ca=x,y",
                "--ca=z",
                "--header=a=1,b=2",
                "--header",
                "a=3"));

    assertThat(p.list("scope")).containsExactly("a", "b,c", "d");
    assertThat(p.list("ca")).containsExactly("x,y", "z");
    assertThat(p.map("header")).contains(Map.of("a", "3", "b", "2"));
    assertThat(p.list("absent")).isEmpty();
  }

  @Test
  void parse_aliasAndIgnoredFlags() {
    ParsedFlags p = SET.parse(List.of("--token-cache-dir=/c", "-v", "5", "-v9", "--v=1"));

    assertThat(p.string("cache-dir")).contains("/c");
    assertThat(p.isGiven("token-cache-dir")).isTrue();
    assertThat(p.isGiven("cache-dir")).isTrue();
    assertThat(p.isGiven("v")).isFalse();
  }

  @Test
  void without_dropsTheNamedFlagsWithTheirValuesInEveryForm() {
    List<String> args =
        List.of("-l", "spn", "--server-id=s", "--cache-dir", "/c", "-v3", "--pop-enabled", "--");

    assertThat(SET.without(args, java.util.Set.of("login", "cache-dir", "v")))
        .containsExactly("--server-id=s", "--pop-enabled", "--");
    assertThat(SET.without(List.of("-lspn", "--login=x"), java.util.Set.of("login"))).isEmpty();
    assertThatThrownBy(() -> SET.without(List.of("--nope"), java.util.Set.of()))
        .hasMessage("get-token: unknown flag: --nope");
  }

  @Test
  void parse_ignoredBooleans_stillTakeOnlyBooleans() {
    GoFlagSet klog = GoFlagSet.of("get-token", GoFlags.LOGGING);

    assertThatThrownBy(() -> klog.parse(List.of("--logtostderr=maybe")))
        .hasMessage("get-token: invalid argument \"maybe\" for --logtostderr: not a boolean");
  }

  @Test
  void parse_goDurations() {
    assertThat(SET.parse(List.of("--timeout=1m30s")).string("timeout")).contains("1m30s");
    assertThat(GoDuration.parse("1m30s")).contains(Duration.ofSeconds(90));
    rejects(
        List.of("--timeout=90"),
        "get-token: invalid argument \"90\" for --timeout: not a Go duration");
  }

  @Test
  void parse_badArguments_theGoToolsMessages() {
    rejects(List.of("--nope"), "get-token: unknown flag: --nope");
    rejects(List.of("-x"), "get-token: unknown shorthand flag: 'x' in -x");
    rejects(List.of("--login"), "get-token: flag needs an argument: --login");
    rejects(List.of("spn"), "get-token: unexpected argument \"spn\"");
    rejects(List.of("--", "spn"), "get-token: unexpected argument \"spn\"");
    rejects(
        List.of("--header=novalue"),
        "get-token: invalid argument \"novalue\" for --header: must be key=value");
    rejects(
        List.of("--old-flag=x"), "get-token: --old-flag was removed from kubelogin; use --login");
    assertThat(SET.parse(List.of("--login=a", "--")).string("login")).contains("a");
  }

  @Test
  void withSingleDashLongNames_aSingleDashNamesALongFlagUnlessItIsAShorthand() {
    GoFlagSet lenient = SET.withSingleDashLongNames();

    assertThat(lenient.parse(List.of("-server-id=s")).string("server-id")).contains("s");
    assertThat(lenient.parse(List.of("-lspn")).string("login")).contains("spn");
    assertThatThrownBy(() -> SET.parse(List.of("-server-id=s")))
        .hasMessage("get-token: unknown shorthand flag: 's' in -server-id=s");
  }

  @Test
  void of_aNameDeclaredTwice_isAProgrammingError() {
    assertThatThrownBy(
            () ->
                GoFlagSet.of("x", List.of(GoFlag.bool("a", "a"), GoFlag.string("a", "V", "again"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void masked_everySecretFlagWhateverTheTool() {
    assertThat(
            GoFlags.masked(
                List.of(
                    "--oidc-client-secret=s1",
                    "--password",
                    "p1",
                    "--client-certificate-password=p2",
                    "--token",
                    "t1",
                    "--server-id=visible")))
        .containsExactly(
            "--oidc-client-secret=***",
            "--password",
            "***",
            "--client-certificate-password=***",
            "--token",
            "***",
            "--server-id=visible");
    assertThat(SET.parse(List.of("--login=a")).toString()).isEqualTo("ParsedFlags{login=a}");
    assertThat(GoFlag.string("client-secret", "S", "s").isSecret()).isTrue();
  }
}
