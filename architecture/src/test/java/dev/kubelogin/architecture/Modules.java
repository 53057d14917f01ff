package dev.kubelogin.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** The published modules, each with the package its classes live under. */
final class Modules {
  /** Artifact id to root package, in dependency order. */
  static final Map<String, String> ROOTS = new LinkedHashMap<>();

  static {
    ROOTS.put("kubelogin-core", "dev.kubelogin.core");
    ROOTS.put("kubelogin-oidc", "dev.kubelogin.oidc");
    ROOTS.put("kubelogin-azure", "dev.kubelogin.azure");
    ROOTS.put("kubelogin-fabric8", "dev.kubelogin.fabric8");
    ROOTS.put("kubelogin-kubernetes-client", "dev.kubelogin.kubernetes");
    ROOTS.put("kubelogin-testing", "dev.kubelogin.testing");
    ROOTS.put("kubelogin-cli", "dev.kubelogin.cli");
  }

  /** The main classes of every published module (no test classes). */
  static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOTS.values().toArray(new String[0]));

  private Modules() {}

  /** The artifact id of the module that holds {@code c}, or {@code null} for other classes. */
  static String of(JavaClass c) {
    String name = c.getPackageName();
    for (Map.Entry<String, String> e : ROOTS.entrySet()) {
      if (name.equals(e.getValue()) || name.startsWith(e.getValue() + ".")) {
        return e.getKey();
      }
    }
    return null;
  }
}
