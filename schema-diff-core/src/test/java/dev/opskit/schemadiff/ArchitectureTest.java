package dev.opskit.schemadiff;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

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
          .importPackages("dev.opskit.schemadiff");

  @Test
  void followsTheOpskitLayoutAndManners() {
    OpskitArchitecture.check("dev.opskit.schemadiff");
  }

  @Test
  void everyExceptionIsASchemaDiffException() {
    classes()
        .that()
        .areAssignableTo(Throwable.class)
        .should()
        .beAssignableTo(SchemaDiffException.class)
        .because("a caller catches everything this module throws in one place")
        .check(CLASSES);
  }

  /**
   * sql <- model <- source / render <- compare <- migrate <- the API package: each concern uses
   * only those below it; a concern's internal package (parser, renderer, planner) belongs to its
   * layer. The exceptions of the API package are the vocabulary of every layer.
   */
  @Test
  void packagesDependOnlyDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage("dev.opskit.schemadiff..")
        .layer("api")
        .definedBy("dev.opskit.schemadiff")
        .layer("migrate")
        .definedBy("dev.opskit.schemadiff.migrate..", "dev.opskit.schemadiff.internal.migrate..")
        .layer("compare")
        .definedBy("dev.opskit.schemadiff.compare..", "dev.opskit.schemadiff.internal.compare..")
        .layer("source")
        .definedBy("dev.opskit.schemadiff.internal.source..")
        .layer("render")
        .definedBy("dev.opskit.schemadiff.internal.render..")
        .layer("model")
        .definedBy("dev.opskit.schemadiff.model..", "dev.opskit.schemadiff.internal.model..")
        .layer("sql")
        .definedBy("dev.opskit.schemadiff.internal.sql..")
        .whereLayer("api")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("migrate")
        .mayOnlyBeAccessedByLayers("api")
        .whereLayer("compare")
        .mayOnlyBeAccessedByLayers("migrate", "api")
        .whereLayer("source")
        .mayOnlyBeAccessedByLayers("compare", "migrate", "api")
        .whereLayer("render")
        .mayOnlyBeAccessedByLayers("compare", "migrate", "api")
        .whereLayer("model")
        .mayOnlyBeAccessedByLayers("source", "render", "compare", "migrate", "api")
        .whereLayer("sql")
        .mayOnlyBeAccessedByLayers("model", "source", "render", "compare", "migrate", "api")
        .ignoreDependency(
            alwaysTrue(),
            resideInAPackage("dev.opskit.schemadiff").and(assignableTo(SchemaDiffException.class)))
        .check(CLASSES);
  }
}
