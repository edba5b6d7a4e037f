package io.engram.eval.retrieval;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.engram.testsupport.ArchitectureRules;

/** The package rules of {@link ArchitectureRules} that fit harnesses: no cycles, @NullMarked, no JDK type names. */
@AnalyzeClasses(packages = "io.engram.eval", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

  @ArchTest
  static final ArchRule noPackageCycles = ArchitectureRules.noPackageCycles("io.engram.eval");

  @ArchTest
  static final ArchRule everyPackageIsNullMarked = ArchitectureRules.everyPackageNullMarked("io.engram.eval");

  @ArchTest
  static final ArchRule noJdkTypeNames = ArchitectureRules.noJdkTypeNames("io.engram.eval");
}
