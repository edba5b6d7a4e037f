package io.engram.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.context.annotation.Configuration;

/**
 * The package rules of every service, checked by each service's {@code ArchitectureTests}: packages follow
 * features ({@code io.engram.<service>.<feature>..}) and
 * <ul>
 *   <li>no two feature packages import each other, directly or around a longer cycle;</li>
 *   <li>no feature package imports the wiring: the {@code config} package, or a {@code @Configuration} class of
 *       the service's root package. The wiring knows the features, never the other way round (settings
 *       records a feature reads live beside the application class, not in {@code config}).</li>
 * </ul>
 */
public final class ArchitectureRules {

  private ArchitectureRules() {
  }

  /** Fails on a cycle between the feature packages {@code base.(*)..}. */
  public static ArchRule noPackageCycles(String base) {
    return slices().matching(base + ".(*)..").namingSlices("$1").should().beFreeOfCycles();
  }

  /** Fails on a class outside the wiring that depends on the wiring. */
  public static ArchRule noFeatureImportsWiring(String base) {
    DescribedPredicate<JavaClass> wiring = DescribedPredicate.describe("are the wiring of " + base + " (its config package, a root @Configuration)",
        c -> c.getPackageName().equals(base + ".config") || c.getPackageName().startsWith(base + ".config.")
            || c.getPackageName().equals(base) && c.isAnnotatedWith(Configuration.class));
    return noClasses().that().resideInAPackage(base + ".(*)..").and().resideOutsideOfPackage(base + ".config..")
        .should().dependOnClassesThat(wiring)
        .because("a feature must not import the wiring that configures it (the wiring imports the features)");
  }
}
