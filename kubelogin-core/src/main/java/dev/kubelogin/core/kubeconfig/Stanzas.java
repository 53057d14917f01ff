package dev.kubelogin.core.kubeconfig;

import dev.kubelogin.core.InvalidConfigurationException;
import java.util.Map;

/** Checks built stanzas against the schema. */
final class Stanzas {
  private Stanzas() {}

  static void check(Map<String, Object> fields, KubeconfigSchema.Struct struct, String what) {
    try {
      KubeconfigSchema.check(fields, struct, "", "");
    } catch (KubeconfigSchema.SchemaError e) {
      throw new InvalidConfigurationException("invalid " + what + " field: " + e.getMessage());
    }
  }
}
