package io.engram.eval.retrieval;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.engram.testsupport.ArchitectureRules;

/**
 * The package rules of {@link ArchitectureRules} (no cycles, no feature importing the wiring, every package
 * {@code @NullMarked}, no JDK type names) over this module's harnesses.
 */
@AnalyzeClasses(packages = "io.engram.eval", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

  @ArchTest
  static final ArchRule packageRules = ArchitectureRules.all("io.engram.eval");
}
