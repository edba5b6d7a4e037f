package io.engram.retrieval;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.engram.testsupport.ArchitectureRules;

/**
 * The package rules of {@link ArchitectureRules} (no cycles, no feature importing the wiring, every package
 * {@code @NullMarked}, no JDK type names) over this service's main classes.
 */
@AnalyzeClasses(packages = "io.engram.retrieval", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

  // a retrieval collection is the service's own noun; no class of it uses java.util.Collection beside it
  @ArchTest
  static final ArchRule packageRules = ArchitectureRules.all("io.engram.retrieval", "Collection");
}
