package io.engram.llm.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.llm.fusion.Passage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How much of a question memory covers decides how much retrieval it still needs. */
class MemoryFirstTests {

  static final Passage STATEMENT = Passage.memory("a", "ns", "Norland Shipping bought the Harbour Line ferries in 2019.", 0.8);
  static final Passage POINTED = Passage.chunk("41", "doc-7", "kb", "Norland Shipping",
      "Norland Shipping is a ferry company based in Bergen, founded in 1952.", 0.8);

  @Test
  void whenMemoryHoldsEveryTermAndNameThenTheQuestionIsCovered() {
    MemoryFirst.Coverage c = MemoryFirst.coverage("Where is the company that bought the Harbour Line ferries based?",
        List.of(STATEMENT, POINTED));
    assertThat(c.decision()).as(c.toString()).isEqualTo("covered");
    assertThat(c.missingTerms()).isEmpty();
  }

  @Test
  void whenANameIsMissingThenMemoryDoesNotCoverItHoweverManyWordsMatch() {
    MemoryFirst.Coverage c = MemoryFirst.coverage("When did Norland Shipping buy the Fjord Line ferries?", List.of(STATEMENT));
    assertThat(c.decision()).isEqualTo("open");
    assertThat(c.missingNames()).containsExactly("fjord");
  }

  @Test
  void whenAllNamesButNotAllTermsAreHeldThenMemoryCoversPart() {
    MemoryFirst.Coverage c = MemoryFirst.coverage("How many ferries did Norland Shipping buy in 2019 from Harbour Line?",
        List.of(STATEMENT));
    assertThat(c.decision()).as(c.toString()).isEqualTo("partly");
    assertThat(c.termShare()).isGreaterThanOrEqualTo(MemoryFirst.PARTLY).isLessThan(1.0);
  }

  @Test
  void whenMemoryBroughtNothingThenTheQuestionIsOpen() {
    assertThat(MemoryFirst.coverage("Where is Norland Shipping based?", List.of()).decision()).isEqualTo("open");
  }

  @Test
  void onlyWellFormedPointersIntoACollectionParse() {
    assertThat(SourceRef.parse("chunk:kb/41")).contains(new SourceRef("kb", 41));
    assertThat(SourceRef.parse("chunk:my.docs:v2/7")).contains(new SourceRef("my.docs:v2", 7));
    for (String bad : new String[] {"chunk:41", "chunk:kb/0", "chunk:kb/-3", "chunk:../x/4", "memory:abc", "chunk:kb/4/5",
        "chunk:kb/99999999999999999999"}) {
      assertThat(SourceRef.parse(bad)).as(bad).isEmpty();
    }
  }
}
