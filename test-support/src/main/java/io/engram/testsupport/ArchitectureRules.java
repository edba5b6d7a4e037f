package io.engram.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.jspecify.annotations.NullMarked;
import org.springframework.context.annotation.Configuration;

/**
 * The package rules of every service, checked by each service's {@code ArchitectureTests}: packages follow
 * features ({@code io.engram.<service>.<feature>..}) and
 * <ul>
 *   <li>no two feature packages import each other, directly or around a longer cycle;</li>
 *   <li>no feature package imports the wiring: the {@code config} package, or a {@code @Configuration} class of
 *       the service's root package. The wiring knows the features, never the other way round (settings
 *       records a feature reads live beside the application class, not in {@code config}).</li>
 *   <li>every package is {@code @NullMarked} (its {@code package-info.java}): what may be null says so;</li>
 *   <li>no class is named like a type of the JDK packages every file reads ({@code java.lang}, {@code java.util},
 *       {@code java.util.function}, {@code java.util.stream}, {@code java.util.concurrent}, {@code java.io},
 *       {@code java.time}): {@code Collections} or {@code Record} of ours beside the JDK's reads wrong.</li>
 * </ul>
 */
public final class ArchitectureRules {

  private ArchitectureRules() {
  }

  /**
   * Every rule over {@code base..}: no package cycles, no feature importing the wiring, every package
   * {@code @NullMarked}, no JDK type names but {@code kept}. A service's ArchitectureTests checks this one rule.
   */
  public static ArchRule all(String base, String... kept) {
    return CompositeArchRule.of(noPackageCycles(base)).and(noFeatureImportsWiring(base)).and(everyPackageNullMarked(base))
        .and(noJdkTypeNames(base, kept));
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

  /** Fails on a class of {@code base..} whose package has no {@code @NullMarked} package-info. */
  public static ArchRule everyPackageNullMarked(String base) {
    return classes().that().resideInAPackage(base + "..").should(new ArchCondition<JavaClass>("be in a @NullMarked package") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        if (!c.getPackage().isAnnotatedWith(NullMarked.class)) {
          events.add(SimpleConditionEvent.violated(c, c.getName() + " is in package " + c.getPackageName()
              + ", which has no @NullMarked package-info.java"));
        }
      }
    }).because("nullness is declared everywhere: unannotated types are non-null, @Nullable says where null may go");
  }

  /** The JDK packages whose type names a class of ours must not take. */
  static final java.util.List<String> JDK_PACKAGES = java.util.List.of("java.lang", "java.util", "java.util.function",
      "java.util.stream", "java.util.concurrent", "java.io", "java.time");

  /**
   * Fails on a class of {@code base..} (nested ones too) whose simple name is a public type of {@link #JDK_PACKAGES},
   * except the names in {@code kept} (a domain noun a service keeps on purpose, said in its ArchitectureTests).
   */
  public static ArchRule noJdkTypeNames(String base, String... kept) {
    java.util.Set<String> allowed = java.util.Set.of(kept);
    return classes().that().resideInAPackage(base + "..").should(new ArchCondition<JavaClass>("not take the name of a JDK type") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        String name = c.getSimpleName();
        if (name.isEmpty() || allowed.contains(name)) {
          return;
        }
        for (String pkg : JDK_PACKAGES) {
          if (isPublicJdkType(pkg + "." + name)) {
            events.add(SimpleConditionEvent.violated(c, c.getName() + " has the name of " + pkg + "." + name));
          }
        }
      }
    });
  }

  private static boolean isPublicJdkType(String name) {
    try {
      return java.lang.reflect.Modifier.isPublic(Class.forName(name, false, ClassLoader.getPlatformClassLoader()).getModifiers());
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
