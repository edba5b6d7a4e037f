package io.engram.eval.memory;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.engram.testsupport.ArchitectureRules;

/** No package cycles among this module's harnesses. */
@AnalyzeClasses(packages = "io.engram.eval", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

  @ArchTest
  static final ArchRule noPackageCycles = ArchitectureRules.noPackageCycles("io.engram.eval");
}
