package dev.opskit.ecs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.opskit.testing.arch.OpskitArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS) // the module's own classes
          .importPackages("dev.opskit.ecs");

  @Test
  void followsTheOpskitLayoutAndManners() {
    OpskitArchitecture.check("dev.opskit.ecs");
  }

  @Test
  void onlyTheRootPackageRunsTheDeploySteps() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.opskit.ecs")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(EcsDeployer.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(DeployRun.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(Planner.class.getName())
        .because("the entry point wires the concerns together; they never call back into it")
        .check(CLASSES);
  }

  @Test
  void onlyTheJibPackageTouchesJib() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.opskit.ecs.internal.jib..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.google.cloud.tools.jib..")
        .because(
            "jib-core is an optional dependency: only ImageSource.from(base) may load it, through"
                + " dev.opskit.ecs.internal.jib")
        .check(CLASSES);
  }

  @Test
  void watchAndHousekeepingStayApart() {
    noClasses()
        .that()
        .resideInAPackage("..internal.watch..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..internal.housekeeping..")
        .because("housekeeping runs after a success the watch has already confirmed")
        .check(CLASSES);
    noClasses()
        .that()
        .resideInAPackage("..internal.housekeeping..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..internal.watch..")
        .check(CLASSES);
  }

  @Test
  void taskDefinitionsAndImagesKnowNothingOfDeploying() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.opskit.ecs.taskdef..", "dev.opskit.ecs.image..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..internal.watch..", "..internal.housekeeping..")
        .check(CLASSES);
  }

  @Test
  void theSharedInternalsDependOnNoConcern() {
    noClasses()
        .that()
        .resideInAPackage("dev.opskit.ecs.internal")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..internal.watch..", "..internal.housekeeping..")
        .because("settings and calls are the base both concerns build on")
        .check(CLASSES);
  }
}
