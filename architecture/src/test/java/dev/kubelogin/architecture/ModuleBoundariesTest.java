package dev.kubelogin.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** Which module may use which, what may be shared, and that packages form no cycles. */
class ModuleBoundariesTest {

  private static void check(ArchRule rule) {
    rule.check(Modules.MAIN);
  }

  @Test
  void core_dependsOnNoOtherModule() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.kubelogin.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.kubelogin.oidc..",
                "dev.kubelogin.azure..",
                "dev.kubelogin.cli..",
                "dev.kubelogin.fabric8..",
                "dev.kubelogin.kubernetes..",
                "dev.kubelogin.testing.."));
  }

  @Test
  void oidcAndAzure_neverUseEachOther() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.kubelogin.oidc..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.kubelogin.azure.."));
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.kubelogin.azure..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.kubelogin.oidc.."));
  }

  @Test
  void clientAdapters_serveAnyPluginThroughCoreOnly() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage("dev.kubelogin.fabric8..", "dev.kubelogin.kubernetes..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.kubelogin.oidc..",
                "dev.kubelogin.azure..",
                "dev.kubelogin.cli..",
                "dev.kubelogin.testing.."));
  }

  @Test
  void noLibrary_dependsOnTheCli() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.kubelogin.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.kubelogin.cli.."));
  }

  @Test
  void internalPackages_areUsedOnlyInTheirOwnModule() {
    check(
        classes()
            .should(
                new ArchCondition<JavaClass>("use no internal package of another module") {
                  @Override
                  public void check(JavaClass origin, ConditionEvents events) {
                    for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                      JavaClass target = d.getTargetClass();
                      boolean internal = target.getPackageName().matches(".*\\.internal(\\..*)?");
                      String module = Modules.of(target);
                      if (internal && module != null && !module.equals(Modules.of(origin))) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                      }
                    }
                  }
                })
            .because("an internal package is no one's API, not even a sibling module's"));
  }

  @Test
  void packages_formNoCycles() {
    check(
        slices()
            .matching("dev.kubelogin.(**)")
            .should()
            .beFreeOfCycles()
            .as("packages form no cycles"));
  }
}
