package io.engram.memory.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureTests {

  @Test
  void whenAStatementNamesCountsAndDatesThenTheSignatureSeparatesNamesFiguresAndTimes() {
    Signature s = Signature.of("Acme Corp named Jane Doe chief executive on 5 March 2024, raising revenue to $4.5bn in 2024.");
    assertThat(s.names()).contains("acme corp", "jane doe");
    assertThat(s.figures()).containsExactly("4500000000");
    assertThat(s.times()).contains("2024-03-05", "2024");
    assertThat(s.frame()).startsWith("X named X chief executive on T").doesNotContain("Jane").doesNotContain("4.5");
  }

  @Test
  void whenASentenceOpensWithAnOrdinaryWordThenItIsNoName() {
    assertThat(Signature.of("Shares of Globex fell 3% on Tuesday.").names()).containsExactly("globex");
    assertThat(Signature.of("Profits at the unit slipped.").names()).isEmpty();
    assertThat(Signature.of("Acme names a new finance chief.").names()).containsExactly("acme");
  }

  @Test
  void whenPeriodsAreWrittenDifferentlyThenTheyAreOneTime() {
    assertThat(Signature.of("Second-quarter revenue was flat.").times()).containsExactly("q2");
    assertThat(Signature.of("Q2 revenue was flat.").times()).containsExactly("q2");
    assertThat(Signature.of("Revenue in the second quarter was flat.").times()).containsExactly("q2");
  }

  @Test
  void whenFiguresOrNamesDifferThenSignaturesAreIncompatibleAndOtherwiseCompatible() {
    Signature a = Signature.of("Brightwater reported revenue of $4.2bn.");
    assertThat(a.compatibleWith(Signature.of("Brightwater reported revenue of $4.5bn."))).isFalse();
    assertThat(a.compatibleWith(Signature.of("Vantor reported revenue of $4.2bn."))).isFalse();
    assertThat(a.compatibleWith(Signature.of("Brightwater's revenue came in at 4.2 billion dollars."))).isTrue();
    // a title-cased headline names nothing the other lacks when its words are there in lower case
    assertThat(Signature.of("Iran, IAEA Officials Meet Ahead of March Nuclear Deadline")
        .compatibleWith(Signature.of("Iran, IAEA officials meet ahead of March nuclear deadline"))).isTrue();
  }

  @Test
  void whenAStatementNamesEverythingAnotherDoesAndMoreThenItNamesMore() {
    Signature older = Signature.of("Acme Corp named Jane Doe its chief executive.");
    Signature newer = Signature.of("Acme Corp named John Smith chief executive after Jane Doe stepped down.");
    assertThat(newer.namesMore(older)).isTrue();
    assertThat(older.namesMore(newer)).isFalse();
  }

  @Test
  void whenTextIsChineseThenOrganisationsAndPersonsAreNamesAndSegmentedWordsCount() {
    Signature s = Signature.of("华星科技集团宣布任命李明为公司总经理。");
    assertThat(s.names()).contains("华星科技集团", "李明");
    assertThat(s.compatibleWith(Signature.of("华星科技集团今日宣布，任命李明担任总经理一职。"))).isTrue();
    assertThat(s.namesConflict(Signature.of("华星科技集团宣布任命王芳为公司总经理。"))).isTrue();
  }

  @Test
  void whenTimesAreOfDifferentKindsThenTheyDoNotConflict() {
    Signature year = Signature.of("Greywell Pharma expects 2023 revenue of $7.5 billion.");
    assertThat(year.timesConflict(Signature.of("Greywell Pharma reported revenue on Thursday."))).isFalse();
    assertThat(year.timesConflict(Signature.of("Greywell Pharma reported revenue on 4 May 2023."))).isFalse();
    assertThat(year.timesConflict(Signature.of("Greywell Pharma expects 2024 revenue of $7.5 billion."))).isTrue();
    assertThat(Signature.of("It starts Nov. 6.").timesConflict(Signature.of("It starts on November 9."))).isTrue();
    assertThat(Signature.of("It starts Nov. 6.").times()).containsExactly("--11-06");
    assertThat(Signature.of("It starts Nov. 6.").figures()).isEmpty();
  }

  @Test
  void whenAStatementStatesOnlyOtherTimesOfAnAskedKindThenItStatesOtherTimes() {
    List<String> q1of2023 = Signature.of("启明乳业2023年一季度净利润是多少？").times();
    assertThat(Signature.of("启明乳业2024年一季度收入13.4亿元。").statesOtherTimes(q1of2023)).isTrue();
    assertThat(Signature.of("启明乳业2023年第三季度营收13.1亿元。").statesOtherTimes(q1of2023)).isTrue();
    assertThat(Signature.of("启明乳业一季度营收12.5亿，净利1.06亿。").statesOtherTimes(q1of2023)).isFalse();
    assertThat(Signature.of("启明乳业的奶源基地在内蒙古。").statesOtherTimes(q1of2023)).isFalse();

    List<String> january = Signature.of("How many jobs did Pellworth say it would cut in January 2023?").times();
    assertThat(Signature.of("Pellworth opened its new head office on 11 September 2023.").statesOtherTimes(january)).isTrue();
    assertThat(Signature.of("Pellworth said on 12 January 2023 it would cut 300 jobs.").statesOtherTimes(january)).isFalse();
    assertThat(Signature.of("Pellworth expects to save $40 million in 2023.").statesOtherTimes(january)).isFalse();
    assertThat(Signature.of("Pellworth will shed 300 roles.").statesOtherTimes(january)).isFalse();
    assertThat(Signature.of("Pellworth will shed 300 roles.").statesOtherTimes(List.of())).isFalse();
  }

  @Test
  void whenAChineseTextNamesAQuarterOrAHalfThenItIsOneSpellingOfThatPeriod() {
    assertThat(Signature.of("启明乳业一季度营收12.5亿元。").times()).containsExactly("q1");
    assertThat(Signature.of("启明乳业2023年第三季度营收13.1亿元。").times()).containsExactlyInAnyOrder("q3", "2023");
    assertThat(Signature.of("上半年净利润下降。").times()).containsExactly("h1");
    assertThat(Signature.of("Brightwater's Q1 revenue was $4.2bn.").times())
        .isEqualTo(Signature.of("启明乳业第一季度营收12.5亿元。").times());
  }

  @Test
  void whenACodeCarriesAGradeSignThenTheSignIsPartOfTheName() {
    assertThat(Signature.of("Fitch cut Acme to BBB- from BBB.").nameWords()).contains("bbb-", "bbb");
    Signature plus = Signature.of("【快讯】北岳评级维持嘉程置业AA+主体评级。");
    assertThat(plus.names()).contains("aa+");
    assertThat(plus.words()).contains("aa+").doesNotContain("aa");
    assertThat(Signature.of("Coca-Cola Co named a new chief.").nameWords()).contains("coca", "cola");
  }

  @Test
  void whenTheOtherStatementShowsNoNamesThenNothingNamesMoreThanIt() {
    assertThat(Signature.of("Greywell Pharma Corp reported revenue of $1.82 billion.")
        .namesMore(Signature.of("GREYWELL Q1 SALES $1.82 BLN"))).isFalse();
  }

  @Test
  void whenTimesAreCutOutThenWhatTheQuestionAsksBesidesWhenRemains() {
    assertThat(Terms.of(Signature.withoutTimes("What internet plan did Dana have in early March 2024?")))
        .contains("plan", "dana").doesNotContain("march", "2024");
    assertThat(Terms.of(Signature.withoutTimes("What was the status of ticket LB-51877 on April 6, 2024?")))
        .contains("statu", "ticket", "51877").doesNotContain("april", "2024", "6");
    assertThat(Terms.of(Signature.withoutTimes("Who led Acme in the second quarter of 2023 and on Monday?")))
        .contains("acm", "led").doesNotContain("quarter", "2023", "mondai", "monday");
    // figures that are not times stay
    assertThat(Signature.withoutTimes("Revenue rose to $4.2 billion in 2024.")).contains("4.2").doesNotContain("2024");
    assertThat(Signature.withoutTimes("No time here.")).isEqualTo("No time here.");
  }
}
