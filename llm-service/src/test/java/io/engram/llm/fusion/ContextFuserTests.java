package io.engram.llm.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engram.llm.text.TokenCounter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextFuserTests {

  private final TokenCounter tokens = new TokenCounter();
  private final ContextFuser fuser = new ContextFuser(tokens);

  private static Passage chunk(String id, String text) {
    return Passage.chunk(id, "doc-" + id, "kb", null, text, 1.0);
  }

  private static double rrf(int rank) {
    return 1.0 / (ContextFuser.DEFAULT_RANK_CONSTANT + rank);
  }

  @Test
  void whenPassagesAppearInSeveralListsThenReciprocalRanksAddUp() {
    Passage a = chunk("a", "The Isar flows through Munich.");
    Passage b = chunk("b", "Richard Strauss was born in Munich in 1864.");
    Passage c = chunk("c", "Vienna lies on the Danube.");
    List<Passage> fused = fuser.fuse(List.of(new RankedList("retrieval:kb", "q", List.of(a, b)),
        new RankedList("retrieval:kb", "q2", List.of(b, c))));

    assertThat(fused).extracting(Passage::id).containsExactly("chunk:b", "chunk:a", "chunk:c");
    assertThat(fused.get(0).score()).isCloseTo(rrf(2) + rrf(1), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(fused.get(2).score()).isCloseTo(rrf(2), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void whenMemoryItemRepeatsAChunkThenItIsFoldedAndItsSourceKept() {
    Passage chunk = chunk("c1", "Richard Strauss was born in Munich, the capital of Bavaria, on 11 June 1864. "
        + "He became one of the leading composers of the late Romantic era.");
    Passage memory = Passage.memory("m7", "ns", "Richard Strauss was born in Munich, the capital of Bavaria, on 11 June 1864.", 0.9);
    Passage other = Passage.memory("m8", "ns", "Strauss conducted the Vienna State Opera from 1919 to 1924.", 0.5);

    List<Passage> fused = fuser.fuse(List.of(new RankedList("retrieval:kb", "q", List.of(chunk)),
        new RankedList("memory:ns", "q", List.of(memory, other))));

    assertThat(fused).extracting(Passage::id).containsExactly("chunk:c1", "memory:m8");
    assertThat(fused.get(0).alsoFrom()).containsExactly("memory:m7");
  }

  @Test
  void whenTwoChunksAreNearDuplicatesThenTheBetterRankedOneStays() {
    Passage first = chunk("x", "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France.");
    Passage copy = chunk("y", "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France!");
    List<Passage> fused = fuser.dedup(List.of(first, copy));
    assertThat(fused).extracting(Passage::id).containsExactly("chunk:x");
    assertThat(fused.get(0).alsoFrom()).containsExactly("chunk:y");
  }

  @Test
  void whenTwoDocumentsShareBoilerplateUnderDifferentTitlesThenBothStay() {
    String album = "is a song recorded by Welsh singer Bonnie Tyler for her third studio album, Diamond Cut (1979). "
        + "It was written by Ronnie Scott and Steve Wolfe.";
    Passage guns = Passage.chunk("g", "doc-g", "kb", "My Guns Are Loaded", "My Guns Are Loaded " + album, 1.0);
    Passage tooGood = Passage.chunk("t", "doc-t", "kb", "Too Good to Last", "Too Good to Last " + album
        + " The song reached number six in Spain.", 1.0);
    Passage sameTitle = Passage.chunk("s", "doc-s", "kb", "Too Good to Last", "Too Good to Last " + album, 1.0);

    List<Passage> fused = fuser.dedup(List.of(guns, tooGood, sameTitle));

    assertThat(fused).extracting(Passage::id).containsExactly("chunk:g", "chunk:t");
    assertThat(fused.get(1).alsoFrom()).containsExactly("chunk:s");
  }

  @Test
  void whenPackingThenTheBudgetHoldsAndTheBestComeFirst() {
    List<Passage> ranked = List.of(
        chunk("1", "Alpha passage about the first topic with several words in it."),
        chunk("2", "Beta passage about the second topic with several words in it."),
        chunk("3", "Gamma passage about the third topic with several words in it."),
        chunk("4", "Delta passage about the fourth topic with several words in it."));
    int perPassage = tokens.count(ContextFuser.passageHeader(ranked.get(0))) + tokens.count(ranked.get(0).text());

    PackedContext packed = fuser.pack(ranked, perPassage * 3 + 1, 0);

    assertThat(packed.tokens()).isLessThanOrEqualTo(perPassage * 3 + 1);
    assertThat(packed.ranked()).extracting(Passage::id).containsExactly("chunk:1", "chunk:2", "chunk:3");
    assertThat(packed.droppedForBudget()).isEqualTo(1);
  }

  @Test
  void whenTheBestPassageAloneIsOverBudgetThenItsHeadIsKept() {
    String longText = "word ".repeat(400).strip();
    PackedContext packed = fuser.pack(List.of(chunk("big", longText)), 50, 0);
    assertThat(packed.ranked()).hasSize(1);
    assertThat(packed.tokens()).isLessThanOrEqualTo(50);
    assertThat(longText).startsWith(packed.ranked().get(0).text());
  }

  @Test
  void whenOrderingForTheModelThenTheBestSitAtTheEdges() {
    assertThat(ContextFuser.edgesFirst(List.of(1, 2, 3, 4, 5))).containsExactly(1, 3, 5, 4, 2);
    assertThat(ContextFuser.edgesFirst(List.of(1, 2))).containsExactly(1, 2);
    assertThat(ContextFuser.edgesFirst(List.<Integer>of())).isEmpty();
  }

  @Test
  void whenRankConstantIsIllegalThenThrow() {
    assertThatThrownBy(() -> new ContextFuser(tokens, 0, 0.8, 0.9)).hasMessageContaining("illegal rank constant: 0");
  }
}
