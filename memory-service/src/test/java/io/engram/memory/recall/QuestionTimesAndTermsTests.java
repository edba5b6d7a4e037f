package io.engram.memory.recall;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.memory.extract.Signature;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A question that names a year, month or quarter: candidates that state only other times of that kind lose
 * {@link MemoryRecaller#OTHER_TIMES_PENALTY}, those that state none of that kind keep their score. A Chinese question
 * term counts where a statement holds it as written.
 */
class QuestionTimesAndTermsTests {

  @Test
  void whenAQuestionNamesAYearThenAnItemOfAnotherYearFallsBelowOneWithoutAYear() {
    MemoryRecaller.Candidate otherYear = NewestFirstTests.candidate("启明乳业2024年一季度收入13.4亿元，增幅为7.2%。",
        "2024-04-20T08:00:00Z", 3, 0.62, null);
    MemoryRecaller.Candidate noYear = NewestFirstTests.candidate("启明乳业一季度营收12.5亿，净利1.06亿。",
        "2023-04-21T08:00:00Z", 1, 0.55, null);
    MemoryRecaller.Candidate askedYear = NewestFirstTests.candidate("启明乳业2023年一季度营收同比增长8%。",
        "2024-03-28T08:00:00Z", 2, 0.50, null);
    List<MemoryRecaller.Candidate> ranked = new ArrayList<>(List.of(otherYear, noYear, askedYear));

    MemoryRecaller.otherTimes(ranked, Signature.of("启明乳业2023年一季度净利润是多少？").times());
    ranked.sort(Comparator.comparingDouble((MemoryRecaller.Candidate c) -> c.score).reversed());

    assertThat(ranked).containsExactly(noYear, askedYear, otherYear);
    assertThat(otherYear.otherTimes).isTrue();
    assertThat(noYear.otherTimes).isFalse();
    assertThat(noYear.score).isEqualTo(0.55);
  }

  @Test
  void whenAQuestionNamesAQuarterThenAnItemOfAnotherQuarterOfThatYearFallsToo() {
    MemoryRecaller.Candidate fourthQuarter = NewestFirstTests.candidate("启明乳业2023年营收54亿元，四季度营收14.6亿元。",
        "2024-03-28T08:00:00Z", 1, 0.6, null);
    MemoryRecaller.otherTimes(List.of(fourthQuarter), Signature.of("启明乳业2023年一季度净利润是多少？").times());
    assertThat(fourthQuarter.otherTimes).isTrue();
    assertThat(fourthQuarter.score).isCloseTo(0.6 - MemoryRecaller.OTHER_TIMES_PENALTY, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void whenAQuestionNamesNoTimeThenNoScoreChanges() {
    MemoryRecaller.Candidate dated = NewestFirstTests.candidate("Corvane forecast full-year 2023 revenue of $17.5 billion.",
        "2023-02-01T08:00:00Z", 1, 0.7, null);
    MemoryRecaller.otherTimes(List.of(dated), Signature.of("What revenue does Corvane expect?").times());
    assertThat(dated.score).isEqualTo(0.7);
    assertThat(dated.otherTimes).isFalse();
  }

  @Test
  void aChineseTermHeldAsWrittenIsMatchedAndItsFrequencyEstimatedFromTheCandidates() {
    MemoryRecaller.Candidate target = NewestFirstTests.candidate("公司提出2024年营业收入目标为60亿元。", "2024-03-28T08:00:00Z", 1, 0.5, null);
    MemoryRecaller.Candidate farm = NewestFirstTests.candidate("启明乳业在内蒙古新建一座万头牧场。", "2024-03-29T08:00:00Z", 2, 0.4, null);
    java.util.Set<String> have = new java.util.HashSet<>(target.item.terms());
    MemoryRecaller.heldAsWritten(List.of("营", "收", "目标", "牧场", "growth"), target.item.statement(), have);
    assertThat(have).contains("营", "收", "目标").doesNotContain("牧场", "growth");
    assertThat(MemoryRecaller.estimatedFrequency("营", List.of(target, farm), 100_000)).isEqualTo(50_000);
    assertThat(MemoryRecaller.estimatedFrequency("牧场", List.of(target, farm), 100_000)).isEqualTo(50_000);
    assertThat(MemoryRecaller.estimatedFrequency("汽车", List.of(target, farm), 100_000)).isZero();
    assertThat(MemoryRecaller.estimatedFrequency("营", List.of(), 100_000)).isZero();
  }
}
