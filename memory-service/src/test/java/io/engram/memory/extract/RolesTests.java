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
  @Test
  void whenAChineseTitleMeetsAPersonNameThenTheNameHoldsItUnlessItLeaves() {
    assertThat(roles("市第一人民医院院长周文涛表示，新门诊楼将于年底启用。")).singleElement().satisfies(r -> {
      assertThat(r.role()).endsWith("院长");
      assertThat(r.holderWords()).containsExactly("周文涛");
    });
    assertThat(roles("华星科技集团宣布任命李明为公司总经理。")).singleElement().satisfies(r -> {
      assertThat(r.role()).endsWith("总经理");
      assertThat(r.holderWords()).containsExactly("李明");
    });
    // the name before 接替 takes the post, the one after it held it
    assertThat(roles("孙晓岚接替周文涛出任院长。")).singleElement()
        .satisfies(r -> assertThat(r.holderWords()).containsExactly("孙晓岚"));
    assertThat(roles("卫健委宣布任命孙晓岚为第一人民医院院长，会议还部署了防控工作。")).singleElement()
        .satisfies(r -> assertThat(r.holderWords()).containsExactly("孙晓岚"));
    assertThat(roles("公司首席执行官张伟在发布会上介绍了新产品。")).extracting(Roles::role).containsExactly("首席执行官");
    // leaving a post, or a former holder, gives no role
    assertThat(roles("周文涛已辞去院长职务。")).isEmpty();
    assertThat(roles("原董事长王建国出席了仪式。")).isEmpty();
    assertThat(roles("医院今年新增床位三百张。")).isEmpty();
  }

  @Test
  void whenTwoChineseTitlesEndAlikeThenTheyAreOnePostUnlessOneIsADeputy() {
    assertThat(ChineseRoles.sameTitle("公司总经理", "总经理")).isTrue();
    assertThat(ChineseRoles.sameTitle("副总经理", "总经理")).isFalse();
    assertThat(ChineseRoles.sameTitle("财务总监", "技术总监")).isFalse();
    assertThat(ChineseRoles.titles("华星科技集团的总经理是谁？")).containsExactly("总经理");
    assertThat(ChineseRoles.persons("华星科技集团的总经理是谁？")).isEmpty();
    assertThat(ChineseRoles.persons("许磊现在在哪家公司工作？")).containsExactly("许磊");
    // HanLP cuts this name short ("孙立/成为") and reads the company as a person: a person is still found
    assertThat(ChineseRoles.persons("孙立成为什么辞去瑞丰智造董事长？")).isNotEmpty();
    Roles a = roles("华星科技集团宣布任命李明为公司总经理。").getFirst();
    Roles b = roles("集团总经理王芳表示，将继续推进海外业务。").getFirst();
    assertThat(a.sameRole(b)).isTrue();
    assertThat(a.sameRole(roles("副总经理刘洋负责销售。").getFirst())).isFalse();
  }
}
