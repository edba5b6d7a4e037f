package io.engram.llm.deep;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.llm.fusion.Passage;
import io.engram.llm.text.Terms;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BridgeTermPlannerTests {

  private final BridgeTermPlanner planner = new BridgeTermPlanner();

  private static Passage doc(String id, String title, String text) {
    return Passage.chunk(id, id, "kb", title, text, 1.0);
  }

  private List<String> plan(String question, int maxQueries, Passage... fused) {
    return planner.plan(question, List.of(fused), Set.of(question), maxQueries, Duration.ofSeconds(5)).queries();
  }

  private static final String ACTOR_QUESTION =
      "Who did the actor who starred as Constable Benton Fraser in the series Due South have a child with?";
  private static final Passage CHARACTER = doc("fraser", "Benton Fraser", "Benton Fraser is a fictional character "
      + "in the series Due South. He is a constable of the Royal Canadian Mounted Police in Chicago. "
      + "The character is portrayed by Canadian actor Paul Gross.");

  @Test
  void whenAFoundNameLeavesPartOfTheQuestionOpenThenItIsSearchedWithWhatItsPassageLacks() {
    Passage actor = doc("gross", "Paul Gross", "Paul Gross is a Canadian actor. He starred as Constable Benton "
        + "Fraser in the series Due South.");

    List<String> queries = plan(ACTOR_QUESTION, 2, CHARACTER, actor);

    assertThat(queries).anyMatch(q -> q.startsWith("Paul Gross") && q.endsWith("child"));
  }

  @Test
  void whenAFoundNamesPassageCoversTheQuestionThenItIsNotSearchedAgain() {
    Passage actor = doc("gross", "Paul Gross", "Paul Gross is a Canadian actor. He starred as Constable Benton "
        + "Fraser in the series Due South. He has a child with Martha Burns.");

    List<String> queries = plan(ACTOR_QUESTION, 2, CHARACTER, actor);

    assertThat(queries).noneMatch(q -> q.contains("Paul Gross"));
  }

  // ranked second, the novel's passage would lose to the first passage's name; the question names the novel
  @Test
  void whenTheQuestionNamesAPassagesSubjectThenTheBridgeComesFromThatPassage() {
    String question = "To which country was the man behind the novel Strandloper transported?";
    Passage elsewhere = doc("zimbabwe", "Limpopo", "The Limpopo flows from the Republic of Zimbabwe to the sea.");
    Passage novel = doc("novel", "Strandloper (novel)", "Strandloper is a novel published in 1996. It is based on "
        + "the story of a man, William Buckley.");

    assertThat(plan(question, 1, elsewhere, novel)).singleElement().asString().startsWith("William Buckley");
  }

  @Test
  void whenATitleHasADisambiguationThenTheQuestionNamesItWithoutIt() {
    Passage convict = doc("buckley", "William Buckley (convict)", "William Buckley was transported to Australia.");
    assertThat(BridgeTermPlanner.namedBy(Terms.set("Where was William Buckley transported to?"), convict)).isTrue();
    assertThat(BridgeTermPlanner.namedBy(Terms.set("Where was Buckley transported to?"), convict)).isFalse();
    assertThat(BridgeTermPlanner.namedBy(Terms.set("Where was Buckley transported to?"), doc("x", null, "text")))
        .isFalse();
  }

  @Test
  void whenAFollowUpHitMentionsNoneOfWhatItAskedForThenItIsLeftOut() {
    String question = "Who created the soap opera of Kate Ramsay?";
    Passage about = doc("brewer", "Ashleigh Brewer", "Ashleigh Brewer played Kate Ramsay.");
    Passage drift = doc("cut", "Princess cut", "The princess cut was created for popular new rings.");

    assertThat(DeepSearch.aboutFollowUp(Terms.set(question), "Ashleigh Brewer created", List.of(drift, about)))
        .containsExactly(about);
    // a follow-up of question terms only asks for nothing new: all its hits stay
    assertThat(DeepSearch.aboutFollowUp(Terms.set(question), "Kate Ramsay created", List.of(drift, about)))
        .containsExactly(drift, about);
  }
}
