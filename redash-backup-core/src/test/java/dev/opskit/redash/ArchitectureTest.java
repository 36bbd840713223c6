package dev.opskit.redash;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.opskit.redash.internal.concurrent.NamedThreads;
import dev.opskit.testing.arch.OpskitArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void followsTheOpskitLayoutAndManners() {
    OpskitArchitecture.check("dev.opskit.redash");
  }

  @Test
  void threadsComeFromExecutorsWithNamedThreads() {
    noClasses()
        .that()
        .doNotBelongToAnyOf(NamedThreads.class)
        .should()
        .callConstructorWhere(
            DescribedPredicate.describe(
                "a java.lang.Thread constructor",
                call -> call.getTargetOwner().isAssignableTo(Thread.class)))
        .because(
            "work runs on executors whose daemon threads are named after the run and always shut"
                + " down (NamedThreads)")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.opskit.redash"));
  }
}
