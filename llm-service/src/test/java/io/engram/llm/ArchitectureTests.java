package io.engram.llm;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.engram.testsupport.ArchitectureRules;

/** The package rules of {@link ArchitectureRules} over this service's main classes. */
@AnalyzeClasses(packages = "io.engram.llm", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

  @ArchTest
  static final ArchRule noPackageCycles = ArchitectureRules.noPackageCycles("io.engram.llm");

  @ArchTest
  static final ArchRule featuresDoNotImportTheWiring = ArchitectureRules.noFeatureImportsWiring("io.engram.llm");

  @ArchTest
  static final ArchRule everyPackageIsNullMarked = ArchitectureRules.everyPackageNullMarked("io.engram.llm");

  @ArchTest
  static final ArchRule noJdkTypeNames = ArchitectureRules.noJdkTypeNames("io.engram.llm");
}
