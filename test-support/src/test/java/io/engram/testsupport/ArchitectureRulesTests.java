package io.engram.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The package rules catch what they are for, on fixture packages ({@code io.engram.archfixture}): a cycle between two
 * features, a feature importing the config package or a root {@code @Configuration}, a package without
 * {@code @NullMarked}, a class named like a JDK type; and a tree that keeps them passes.
 */
class ArchitectureRulesTests {

  private static final String BAD = "io.engram.archfixture.bad";
  private static final String GOOD = "io.engram.archfixture.good";
  private static final JavaClasses CLASSES = new ClassFileImporter().importPackages("io.engram.archfixture");

  @Test
  void whenTwoFeaturesImportEachOtherThenNoPackageCyclesFails() {
    EvaluationResult result = ArchitectureRules.noPackageCycles(BAD).evaluate(CLASSES);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString()).contains("alpha").contains("beta");
  }

  @Test
  void whenAFeatureImportsTheWiringThenNoFeatureImportsWiringFailsForBothKindsOfWiring() {
    EvaluationResult result = ArchitectureRules.noFeatureImportsWiring(BAD).evaluate(CLASSES);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("Feature") && d.contains("config.Wiring"))
        .anyMatch(d -> d.contains("Feature") && d.contains("RootConfiguration"))
        .noneMatch(d -> d.contains("Alpha") || d.contains("Beta") || d.contains("Collections"));
  }

  @Test
  void whenAPackageIsNotNullMarkedThenEveryPackageNullMarkedFailsNamingIt() {
    EvaluationResult result = ArchitectureRules.everyPackageNullMarked(BAD).evaluate(CLASSES);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("package io.engram.archfixture.bad.alpha,"));
  }

  @Test
  void whenAClassTakesTheNameOfAJdkTypeThenNoJdkTypeNamesFailsUnlessTheNameIsKept() {
    EvaluationResult result = ArchitectureRules.noJdkTypeNames(BAD).evaluate(CLASSES);
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("bad.feature.Collections has the name of java.util.Collections"))
        .anyMatch(d -> d.contains("Collections$Record has the name of java.lang.Record"))
        .noneMatch(d -> d.contains("Alpha") || d.contains("Wiring"));
    assertThat(ArchitectureRules.noJdkTypeNames(BAD, "Collections", "Record").evaluate(CLASSES).hasViolation()).isFalse();
  }

  @Test
  void aTreeThatKeepsTheRulesPassesThemAll() {
    assertThat(ArchitectureRules.noPackageCycles(GOOD).evaluate(CLASSES).hasViolation()).isFalse();
    assertThat(ArchitectureRules.noFeatureImportsWiring(GOOD).evaluate(CLASSES).hasViolation()).isFalse();
    assertThat(ArchitectureRules.everyPackageNullMarked(GOOD).evaluate(CLASSES).hasViolation()).isFalse();
    assertThat(ArchitectureRules.noJdkTypeNames(GOOD).evaluate(CLASSES).hasViolation()).isFalse();
    assertThat(ArchitectureRules.all(GOOD).evaluate(CLASSES).hasViolation()).isFalse();
  }

  @Test
  void allOfThemTogetherReportEachRulesViolations() {
    EvaluationResult result = ArchitectureRules.all(BAD).evaluate(CLASSES);
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("alpha") && d.contains("beta"))
        .anyMatch(d -> d.contains("config.Wiring"))
        .anyMatch(d -> d.contains("no @NullMarked package-info.java"))
        .anyMatch(d -> d.contains("has the name of java.util.Collections"));
  }
}
