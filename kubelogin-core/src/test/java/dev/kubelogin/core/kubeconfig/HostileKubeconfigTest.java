package dev.kubelogin.core.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubeconfigs written to hurt the program that loads them: each is refused with a message naming
 * the file and what is wrong, without exhausting the stack or the heap. (The alias bomb kubectl
 * also refuses is a conformance fixture; large valid files are compared with kubectl there.)
 */
class HostileKubeconfigTest {
  @TempDir Path tmp;

  private KubeconfigLoader loader(String text) throws Exception {
    Path file = tmp.resolve("config");
    Files.writeString(file, text);
    return KubeconfigLoader.builder().explicitFile(file).build();
  }

  @Test
  void load_thousandsOfNestedFlowSequences_refusedNamingFileAndLine() throws Exception {
    KubeconfigLoader loader =
        loader("apiVersion: v1\nkind: Config\nx: " + "[".repeat(3000) + "]".repeat(3000) + "\n");

    assertThatThrownBy(loader::load)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("error loading config file \"" + tmp.resolve("config") + "\"")
        .hasMessageContaining("nested more than 200 levels deep (line 3)");
  }

  @Test
  void load_thousandsOfNestedBlockMappings_refused() throws Exception {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\n");
    for (int i = 0; i < 5000; i++) {
      yaml.append(" ".repeat(i)).append("k:\n");
    }
    KubeconfigLoader loader = loader(yaml.toString());

    assertThatThrownBy(loader::load)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("nested more than 200 levels deep (line 203)");
  }

  @Test
  void load_deeplyNestedJson_refused() throws Exception {
    KubeconfigLoader loader =
        loader("{\"apiVersion\":\"v1\",\"x\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5001));

    assertThatThrownBy(loader::load)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("nested more than 200 levels deep");
  }

  @Test
  void load_aliasesThatMultiplyMergeKeys_refused() throws Exception {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\nm0: &m0 {a: 1, b: 2}\n");
    for (int i = 1; i < 25; i++) {
      yaml.append("m").append(i).append(": &m").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ", ").append("{<<: *m").append(i - 1).append(", k").append(j);
        yaml.append(": ").append(j).append("}");
      }
      yaml.append("]\n");
    }
    KubeconfigLoader loader = loader(yaml.toString());

    assertThatThrownBy(loader::load)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("document contains excessive aliasing");
  }

  @Test
  void load_unknownAndSelfReferencingAliases_refusedWithTheirNames() throws Exception {
    assertThatThrownBy(loader("users: *nowhere\n")::load)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("unknown anchor 'nowhere' referenced");
    assertThatThrownBy(loader("users: &me [*me]\n")::load)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("anchor 'me' value contains itself");
  }

  @Test
  void load_aliasOfAnAliasedMapping_sharesTheValue() throws Exception {
    Kubeconfig config =
        loader(
                """
                clusters:
                - name: a
                  cluster: &c {server: "https://127.0.0.1:1"}
                - name: b
                  cluster: *c
                """)
            .load();
    assertThat(config.clusters().get("b").server()).isEqualTo("https://127.0.0.1:1");
  }
}
