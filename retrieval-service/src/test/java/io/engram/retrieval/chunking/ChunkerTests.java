package io.engram.retrieval.chunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkerTests {

  private final TokenSpans words = TokenSpans.words();

  @Test
  void whenSectionFitsThenItIsOneChunkWithItsHeadings() {
    List<ChunkDraft> chunks = new Chunker(50, 5).chunk(List.of(new Section(List.of("A", "B"), "  Short text here.  ")), words);
    assertThat(chunks).singleElement().satisfies(c -> {
      assertThat(c.text()).isEqualTo("Short text here.");
      assertThat(c.headings()).containsExactly("A", "B");
      assertThat(c.tokenCount()).isEqualTo(4);
    });
  }

  @Test
  void chunksKnowWhereTheyAreInTheirSectionAndChildrenWhereTheyAreInTheirParent() {
    String text = "  " + IntStream.range(0, 60).mapToObj(i -> "Claim " + i + " is about cell type " + (i % 5) + ".")
        .collect(Collectors.joining(" ")) + "\n\nA closing paragraph on mitochondria.\n";
    Section section = new Section(List.of("Results"), text);
    for (ChunkDraft c : new Chunker(40, 8).chunk(List.of(section), words)) {
      assertThat(text.substring(c.start(), c.end())).isEqualTo(c.text());
    }
    List<ParentDraft> parents = new Chunker(100, 0).parentsAndChildren(List.of(section), words, new Chunker(24, 4));
    assertThat(parents).hasSizeGreaterThan(2);
    int parentsEnd = 0;
    for (ParentDraft p : parents) {
      assertThat(text.substring(p.parent().start(), p.parent().end())).isEqualTo(p.parent().text());
      assertThat(p.parent().start()).as("parents do not overlap").isGreaterThanOrEqualTo(parentsEnd);
      parentsEnd = p.parent().end();
      assertThat(words.count(p.parent().text())).isLessThanOrEqualTo(100);
      assertThat(p.children()).isNotEmpty().allSatisfy(c -> {
        assertThat(p.parent().text().substring(c.start(), c.end())).isEqualTo(c.text());
        assertThat(words.count(c.text())).isLessThanOrEqualTo(24);
        assertThat(c.headings()).containsExactly("Results");
      });
      // the children cover their parent from its first word to its last
      assertThat(p.children().getFirst().start()).isZero();
      assertThat(p.children().getLast().end()).isEqualTo(p.parent().text().length());
    }
    assertThat(parents.getLast().parent().text()).endsWith("mitochondria.");
    assertThat(parents.getFirst().children()).hasSizeGreaterThan(3);
  }

  @Test
  void whenTextIsLongThenNoChunkExceedsTheLimitAndEveryChunkIsASubstring() {
    String text = IntStream.range(0, 120).mapToObj(i -> "Sentence number " + i + " talks about topic " + (i % 7) + ".")
        .collect(Collectors.joining(" "));
    List<ChunkDraft> chunks = new Chunker(40, 8).chunk(List.of(new Section(List.of(), text)), words);
    assertThat(chunks).hasSizeGreaterThan(10);
    for (ChunkDraft c : chunks) {
      assertThat(words.count(c.text())).isLessThanOrEqualTo(40);
      assertThat(text).contains(c.text());
    }
    // cut at sentence ends: every chunk ends with a full stop
    assertThat(chunks).allSatisfy(c -> assertThat(c.text()).endsWith("."));
    assertThat(chunks.getFirst().text()).startsWith("Sentence number 0 ");
    assertThat(chunks.getLast().text()).endsWith("Sentence number 119 talks about topic 0.");
  }

  @Test
  void consecutiveChunksOverlap() {
    String text = IntStream.range(0, 60).mapToObj(i -> "Word" + i + " is here.").collect(Collectors.joining(" "));
    List<ChunkDraft> chunks = new Chunker(30, 10).chunk(List.of(new Section(List.of(), text)), words);
    assertThat(chunks).hasSizeGreaterThan(2);
    for (int i = 1; i < chunks.size(); i++) {
      String previous = chunks.get(i - 1).text();
      String firstSentence = chunks.get(i).text().substring(0, chunks.get(i).text().indexOf('.') + 1);
      assertThat(previous).as("chunk %d starts inside the previous one", i).contains(firstSentence);
    }
  }

  @Test
  void paragraphBreaksAreCutFirst() {
    String first = "Alpha beta gamma delta. ".repeat(5).strip();
    String second = "Epsilon zeta eta theta. ".repeat(5).strip();
    List<ChunkDraft> chunks = new Chunker(40, 0).chunk(List.of(new Section(List.of(), first + "\n\n" + second)), words);
    assertThat(chunks).extracting(ChunkDraft::text).containsExactly(first, second);
  }

  @Test
  void whenOverlapIsTooLargeThenThrow() {
    assertThatThrownBy(() -> new Chunker(20, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlapTokens");
    assertThatThrownBy(() -> new Chunker(4, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokens");
  }
}
