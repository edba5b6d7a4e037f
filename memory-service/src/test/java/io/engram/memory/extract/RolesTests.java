package io.engram.memory.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who fills which role, from apposition and "as", in sentences written as news and notes are, not as templates. */
class RolesTests {

  static List<Roles> roles(String s) {
    return Roles.of(s, Signature.of(s));
  }

  @Test
  void whenARolePrecedesOrFollowsANameThenTheNameHoldsIt() {
    assertThat(roles("Halvorsen Marine chief executive Ingrid Lundqvist told an industry conference in Hamburg."))
        .singleElement().satisfies(r -> {
          assertThat(r.role()).isEqualTo("chief executive");
          assertThat(r.holderWords()).containsExactly("ingrid", "lundqvist");
        });
    assertThat(roles("Halvorsen Marine Group named Claire Dubois, a former chief operating officer of French container line "
        + "Compagnie Maritime Varenne, as chief executive effective March 1."))
        .anySatisfy(r -> {
          assertThat(r.role()).isEqualTo("chief executive");
          assertThat(r.holderWords()).containsExactly("claire", "dubois");
        });
    assertThat(roles("Chief financial officer Rahul Mehta will serve as interim CEO while the board searches."))
        .extracting(Roles::role).containsExactly("chief financial officer", "CEO");
    assertThat(roles("The club said head coach Ana Ruiz signed a two-year extension."))
        .extracting(Roles::role).containsExactly("head coach");
    assertThat(roles("Hollis Brandvold was promoted to chief commercial officer at Veltrane Therapeutics."))
        .extracting(Roles::role).containsExactly("chief commercial officer");
    assertThat(roles("Marcus Ibekwe, who will build its first sales force, takes the chief commercial officer job."))
        .extracting(Roles::role).containsExactly("chief commercial officer");
    assertThat(roles("Acme CEO John Smith resigned.")).singleElement()
        .satisfies(r -> assertThat(r.holderWords()).containsExactly("john", "smith"));
  }

  @Test
  void whenANameLeavesARoleOrIsAnIdentifierThenItHoldsNoRole() {
    assertThat(roles("Ingrid Lundqvist has resigned as chief executive of Halvorsen Marine Group.")).isEmpty();
    assertThat(roles("Agent has opened ticket LB-48213 for Dana.")).isEmpty();
    assertThat(roles("ACME NAMES JANE DOE CHIEF EXECUTIVE")).isEmpty();
  }

  @Test
  void whenTwoPhrasesNameOneRoleThenTheyAreTheSameRole() {
    Roles ceo = new Roles("CEO", Set.copyOf(Terms.of("CEO")), Set.of("jane"), "");
    Roles chiefExecutive = new Roles("chief executive", Set.copyOf(Terms.of("chief executive")), Set.of("john"), "");
    Roles chiefExecutiveOfficer = new Roles("chief executive officer", Set.copyOf(Terms.of("chief executive officer")),
        Set.of("ann"), "");
    Roles chief = new Roles("chief", Set.copyOf(Terms.of("chief")), Set.of("rahul"), "");
    Roles chiefFinancialOfficer = new Roles("chief financial officer", Set.copyOf(Terms.of("chief financial officer")),
        Set.of("rahul"), "");
    assertThat(ceo.sameRole(chiefExecutive)).isTrue();
    assertThat(chiefExecutive.sameRole(chiefExecutiveOfficer)).isTrue();
    assertThat(chief.sameRole(chiefExecutive)).isFalse();
    assertThat(chiefFinancialOfficer.sameRole(chiefExecutiveOfficer)).isFalse();
  }
}
