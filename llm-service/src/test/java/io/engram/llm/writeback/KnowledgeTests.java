package io.engram.llm.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.llm.fusion.PackedContext;
import io.engram.llm.fusion.Passage;
import io.engram.llm.generate.Citation;
import io.engram.llm.source.MemoryEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an answer writes back: cited sentences that stand on their own, each with its source. */
class KnowledgeTests {

  @Test
  void aLeadingPronounBecomesThePassagesSubject() {
    assertThat(Knowledge.standAlone("He was born in Ottawa in 1969.", "Paul Gross (actor)"))
        .isEqualTo("Paul Gross was born in Ottawa in 1969.");
    assertThat(Knowledge.standAlone("Its first issue appeared in 1844.", "Arthur's Magazine"))
        .isEqualTo("Arthur's Magazine's first issue appeared in 1844.");
    assertThat(Knowledge.standAlone("They released their debut album in 1994.", "Oasis (band)"))
        .isEqualTo("Oasis released their debut album in 1994.");
  }

  @Test
  void aDefiniteDescriptionOfTheSubjectBecomesItsName() {
    assertThat(Knowledge.standAlone("The magazine folded in 1846.", "Arthur's Magazine"))
        .isEqualTo("Arthur's Magazine folded in 1846.");
    assertThat(Knowledge.standAlone("The band split in 2009.", "Oasis (band)")).isEqualTo("Oasis split in 2009.");
    // "the city" does not describe a magazine: the subject is named at the end instead
    assertThat(Knowledge.standAlone("The city hosted its first fair in 1850.", "Arthur's Magazine"))
        .isEqualTo("The city hosted its first fair in 1850 (Arthur's Magazine).");
  }

  @Test
  void aPronounInsideTheSentenceIsResolvedAndASentenceThatNamesItsSubjectStays() {
    assertThat(Knowledge.standAlone("In 1990, she moved to Lyon to study law.", "Marie Dubois"))
        .isEqualTo("In 1990, Marie Dubois moved to Lyon to study law.");
    assertThat(Knowledge.standAlone("Gross later starred in Due South.", "Paul Gross (actor)"))
        .isEqualTo("Gross later starred in Due South.");
    assertThat(Knowledge.standAlone("Revenue rose 6% in 2024.", null)).isEqualTo("Revenue rose 6% in 2024.");
  }

  @Test
  void eachCitedSentenceIsOneStatementLinkedToItsChunkAndUsedMemoryIsListed() {
    Passage chunk = Passage.chunk("41", "doc-7", "fleet", "Norland Shipping", "It bought the Harbour Line in 2019. "
        + "It is based in Bergen.", 0.9);
    Passage memory = Passage.memory("6f1c3a52-2b1e-4c35-9d0e-2a4c8e6b7d11", "ns", "Norland Shipping employs 900 people.", 0.5);
    Passage unused = Passage.chunk("42", "doc-8", "fleet", "Other", "Unrelated text.", 0.1);
    PackedContext context = new PackedContext(List.of(chunk, memory, unused), List.of(chunk, memory, unused), 100, 3000, 0, 0);
    List<Citation> citations = List.of(
        new Citation(1, chunk.id(), "chunk", "41", "doc-7", "Norland Shipping", 0, 34, "It bought the Harbour Line in 2019."),
        new Citation(1, chunk.id(), "chunk", "41", "doc-7", "Norland Shipping", 35, 57, "It is based in Bergen."),
        new Citation(2, memory.id(), "memory", memory.sourceId(), null, null, 0, 36, "Norland Shipping employs 900 people."));
    List<MemoryEvent.ContextEntry> statements = Knowledge.statements(citations, context);
    assertThat(statements).extracting(MemoryEvent.ContextEntry::sourceId)
        .containsExactly("chunk:fleet/41", "chunk:fleet/41", memory.id());
    assertThat(statements.stream().map(MemoryEvent.ContextEntry::text).toList()).containsExactly("Norland Shipping bought the Harbour Line in 2019.",
        "Norland Shipping is based in Bergen.", "Norland Shipping employs 900 people.");
    assertThat(Knowledge.sources(citations, context)).containsExactly(chunk.id(), memory.id());
  }
}
