package dev.opskit.testing.arch;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.conditions.ArchConditions.callMethodWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;

/**
 * The package and manners rules of {@code STYLE.md}, checked with ArchUnit against one module's
 * production classes.
 *
 * <pre>{@code
 * @Test
 * void followsTheOpskitLayout() {
 *   OpskitArchitecture.check("dev.opskit.ecs");
 * }
 * }</pre>
 */
public final class OpskitArchitecture {
  private static final String OPSKIT_PACKAGES = "dev.opskit..";
  private static final Set<String> ENVIRONMENT_READERS = Set.of("getenv", "getProperty");

  private OpskitArchitecture() {}

  /**
   * Checks every rule against the production classes of the module whose root package is given.
   *
   * @param rootPackage the module's root package, such as {@code dev.opskit.ecs}
   * @throws AssertionError naming each violation
   */
  public static void check(String rootPackage) {
    check(
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(rootPackage),
        rootPackage);
  }

  static void check(JavaClasses imported, String rootPackage) {
    JavaClasses classes = imported.that(resideInAPackage(rootPackage + ".."));
    assertEveryPackageIsNullMarked(classes, rootPackage);
    for (ArchRule rule : rules(rootPackage)) {
      rule.check(classes);
    }
  }

  /**
   * Returns the ArchUnit rules for one module, for callers that want to check them one by one.
   *
   * @param rootPackage the module's root package
   * @return the rules
   */
  public static List<ArchRule> rules(String rootPackage) {
    List<ArchRule> rules = new ArrayList<>();
    rules.add(GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS);
    rules.add(GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING);
    rules.add(
        noClasses()
            .should()
            .callMethod(System.class, "exit", int.class)
            .because("library code reports failures with exceptions, never by ending the JVM"));
    rules.add(
        noClasses()
            .should(
                callMethodWhere(
                    describe(
                        "System.getenv or System.getProperty outside a fromEnvironment() factory",
                        call ->
                            call.getTargetOwner().isEquivalentTo(System.class)
                                && ENVIRONMENT_READERS.contains(call.getName())
                                && !call.getOrigin().getName().equals("fromEnvironment"))))
            .because("configuration comes from builders; reading the environment is explicit"));
    rules.add(
        noClasses()
            .should()
            .dependOnClassesThat(
                resideInAPackage(OPSKIT_PACKAGES)
                    .and(DescribedPredicate.not(resideInAPackage(rootPackage + ".."))))
            .because("opskit modules are independent and never share internals"));
    rules.add(
        codeUnits()
            .that()
            .arePublic()
            .and()
            .areDeclaredInClassesThat()
            .arePublic()
            .and()
            .areDeclaredInClassesThat()
            .resideOutsideOfPackage("..internal..")
            .should(notMentionInternalTypes())
            .allowEmptyShould(true));
    rules.add(
        noClasses()
            .that()
            .resideOutsideOfPackage("..internal..")
            .and()
            .arePublic()
            .should()
            .haveSimpleNameEndingWith("Utils")
            .orShould()
            .haveSimpleNameEndingWith("Helper")
            .orShould()
            .haveSimpleNameEndingWith("Manager")
            .because("public packages have no grab-bags; utilities live in internal")
            .allowEmptyShould(true));
    return List.copyOf(rules);
  }

  private static void assertEveryPackageIsNullMarked(JavaClasses classes, String rootPackage) {
    assertThat(classes.containPackage(rootPackage))
        .as("module root package %s has no classes (not even its package-info)", rootPackage)
        .isTrue();
    Stream.concat(
            Stream.of(classes.getPackage(rootPackage)),
            classes.getPackage(rootPackage).getSubpackagesInTree().stream())
        .filter(p -> !p.getClasses().isEmpty())
        .forEach(
            p ->
                assertThat(isNullMarked(p))
                    .as("package %s needs a package-info.java annotated @NullMarked", p.getName())
                    .isTrue());
  }

  private static boolean isNullMarked(JavaPackage javaPackage) {
    return javaPackage
        .tryGetPackageInfo()
        .map(info -> info.isAnnotatedWith(NullMarked.class))
        .orElse(false);
  }

  private static ArchCondition<JavaCodeUnit> notMentionInternalTypes() {
    return new ArchCondition<>("not mention types from an internal package") {
      @Override
      public void check(JavaCodeUnit codeUnit, ConditionEvents events) {
        Stream.concat(
                Stream.of(codeUnit.getRawReturnType()), codeUnit.getRawParameterTypes().stream())
            .filter(OpskitArchitecture::isInternal)
            .forEach(
                type ->
                    events.add(
                        SimpleConditionEvent.violated(
                            codeUnit,
                            codeUnit.getFullName() + " mentions internal type " + type.getName())));
      }
    };
  }

  private static boolean isInternal(JavaClass type) {
    String name = type.getPackageName();
    return name.startsWith("dev.opskit.")
        && (name.endsWith(".internal") || name.contains(".internal."));
  }
}
