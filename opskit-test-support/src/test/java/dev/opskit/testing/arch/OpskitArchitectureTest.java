package dev.opskit.testing.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpskitArchitectureTest {
  private static final JavaClasses FIXTURES =
      new ClassFileImporter().importPackages("dev.opskit.fixture");

  @Test
  void acceptsAModuleThatFollowsTheRules() {
    assertThatCode(() -> OpskitArchitecture.check(FIXTURES, "dev.opskit.fixture.good"))
        .doesNotThrowAnyException();
  }

  @Test
  void reportsEveryBrokenRule() {
    JavaClasses bad = FIXTURES.that(resideInAPackage("dev.opskit.fixture.bad.."));
    List<String> failures = new ArrayList<>();
    for (ArchRule rule : OpskitArchitecture.rules("dev.opskit.fixture.bad")) {
      try {
        rule.check(bad);
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
    }

    assertThat(String.join("\n", failures))
        .contains("RuleBreaker.misbehave()> gets field <java.lang.System.out>")
        .contains("calls method <java.lang.System.exit(int)>")
        .contains("calls method <java.lang.System.getenv(java.lang.String)>")
        .contains(
            "RuleBreaker.leak() mentions internal type dev.opskit.fixture.bad.internal.Secret")
        .contains("dev.opskit.fixture.good.Client")
        .contains("ConfigHelper");
  }

  @Test
  void requiresANullMarkedPackageInfoInEveryPackage() {
    assertThatThrownBy(() -> OpskitArchitecture.check(FIXTURES, "dev.opskit.fixture.unmarked"))
        .hasMessageContaining(
            "package dev.opskit.fixture.unmarked needs a package-info.java annotated @NullMarked");
  }

  @Test
  void failsForAModuleWithNoClassesAtAll() {
    assertThatThrownBy(() -> OpskitArchitecture.check(FIXTURES, "dev.opskit.fixture.missing"))
        .hasMessageContaining("module root package dev.opskit.fixture.missing has no classes");
  }
}
