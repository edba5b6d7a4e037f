package io.engram.memory.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TermsTests {

  @Test
  void whenTextIsChineseThenFunctionWordsAreLeftOutAsEnglishStopWordsAre() {
    assertThat(Terms.of("北岳评级给嘉程置业的主体信用等级是多少？"))
        .contains("北岳", "评级", "主体", "信用", "等级").doesNotContain("的", "是", "给", "多少");
    assertThat(Terms.of("Who is the chief executive of Acme?")).contains("chief", "execut", "acm").doesNotContain("the", "is");
  }

  @Test
  void whenAChineseNumeralIsAStopWordThenItStaysATerm() {
    assertThat(Terms.of("启明乳业一季度营收12.5亿元。")).contains("一", "季度");
  }

  @Test
  void whenATextIsOnlyFunctionWordsThenItKeepsThemRatherThanNothing() {
    assertThat(Terms.of("是的")).isNotEmpty();
  }
}
