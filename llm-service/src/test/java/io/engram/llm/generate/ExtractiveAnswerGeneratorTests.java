package io.engram.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.llm.fusion.ContextFuser;
import io.engram.llm.fusion.PackedContext;
import io.engram.llm.fusion.Passage;
import io.engram.llm.text.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractiveAnswerGeneratorTests {

  private final ExtractiveAnswerGenerator generator = new ExtractiveAnswerGenerator(new Grounding(Grounding.DEFAULT_MIN_COVERAGE));
  private final ContextFuser fuser = new ContextFuser(new TokenCounter());

  private GeneratedAnswer answer(String question, List<Passage> passages, List<String> streamed) {
    PackedContext context = fuser.pack(passages, 3000, 0);
    return generator.generate(new GenerationRequest(question, List.of(), context, 256, false), streamed::add, () -> false);
  }

  @Test
  void whenTheContextHoldsTheAnswerThenTheSentenceIsQuotedAndCitedWithItsSpan() {
    List<String> streamed = new ArrayList<>();
    GeneratedAnswer a = answer("When was Richard Strauss born?", Corpus.PASSAGES, streamed);

    assertThat(a.grounded()).isTrue();
    assertThat(a.generator()).isEqualTo("extractive");
    assertThat(a.text()).contains("He was born in Munich on 11 June 1864.");
    assertThat(String.join("", streamed)).isEqualTo(a.text());
    Citation born = a.citations().stream().filter(c -> c.quote().contains("11 June 1864")).findFirst().orElseThrow();
    assertThat(born.id()).isEqualTo("chunk:strauss-1");
    assertThat(born.kind()).isEqualTo("chunk");
    assertThat(born.documentId()).isEqualTo("d-strauss");
    String source = Corpus.PASSAGES.get(0).text();
    assertThat(source.substring(born.start(), born.end())).isEqualTo(born.quote());
    assertThat(a.text()).contains("[" + born.marker() + "]");
  }

  @Test
  void whenSentencesRepeatEachOtherThenDiversityPicksDifferentOnes() {
    GeneratedAnswer a = answer("Which river flows through Munich, the capital of Bavaria?", Corpus.PASSAGES, new ArrayList<>());
    assertThat(a.text()).contains("The Isar river flows through the city");
    // the Danube/Thames/Seine sentences share the wording but not the subject
    assertThat(a.text()).doesNotContain("Danube").doesNotContain("Thames");
    assertThat(a.citations()).extracting(Citation::quote).doesNotHaveDuplicates();
  }

  @Test
  void whenAMemoryItemAnswersThenItIsCitedAsMemory() {
    List<Passage> passages = List.of(
        Passage.memory("m-42", "ops", "The staging database was moved to the eu-west-2 region on 3 March.", 0.8),
        Corpus.PASSAGES.get(2));
    GeneratedAnswer a = answer("Which region hosts the staging database?", passages, new ArrayList<>());
    assertThat(a.grounded()).isTrue();
    assertThat(a.citations()).first().satisfies(c -> {
      assertThat(c.kind()).isEqualTo("memory");
      assertThat(c.sourceId()).isEqualTo("m-42");
      assertThat(c.quote()).contains("eu-west-2");
    });
  }

  @Test
  void whenTheContextDoesNotSupportAnAnswerThenItSaysSoInsteadOfInventing() {
    GeneratedAnswer a = answer("What is the boiling point of tungsten hexafluoride?", Corpus.PASSAGES, new ArrayList<>());
    assertThat(a.grounded()).isFalse();
    assertThat(a.citations()).isEmpty();
    assertThat(a.text()).contains("do not contain enough information").contains("tungsten");
  }

  @Test
  void whenThereIsNoContextThenNotGrounded() {
    GeneratedAnswer a = answer("Who composed Don Juan?", List.of(), new ArrayList<>());
    assertThat(a.grounded()).isFalse();
  }

  @Test
  void whenTextIsChineseThenSentencesAreFoundAndCited() {
    List<Passage> passages = List.of(
        Passage.chunk("zh-1", "d1", "kb", null, "长江是中国最长的河流。它流经上海并注入东海。", 1.0),
        Passage.chunk("zh-2", "d2", "kb", null, "黄河是中国第二长的河流。", 0.5));
    GeneratedAnswer a = answer("长江流经哪个城市？", passages, new ArrayList<>());
    assertThat(a.grounded()).isTrue();
    assertThat(a.text()).contains("它流经上海并注入东海。");
  }
}
