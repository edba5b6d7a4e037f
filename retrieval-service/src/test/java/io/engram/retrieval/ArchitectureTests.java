package io.engram.retrieval;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.engram.testsupport.ArchitectureRules;

/** The package rules of {@link ArchitectureRules} over this service's main classes. */
@AnalyzeClasses(packages = "io.engram.retrieval", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

  @ArchTest
  static final ArchRule noPackageCycles = ArchitectureRules.noPackageCycles("io.engram.retrieval");

  @ArchTest
  static final ArchRule featuresDoNotImportTheWiring = ArchitectureRules.noFeatureImportsWiring("io.engram.retrieval");

  @ArchTest
  static final ArchRule everyPackageIsNullMarked = ArchitectureRules.everyPackageNullMarked("io.engram.retrieval");

  // a retrieval collection is the service's own noun; no class of it uses java.util.Collection beside it
  @ArchTest
  static final ArchRule noJdkTypeNames = ArchitectureRules.noJdkTypeNames("io.engram.retrieval", "Collection");
}
