package io.engram.llm.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engram.llm.source.HistoryMessage;
import io.engram.llm.source.MemoryEvent;
import io.engram.llm.source.RetrievalSource;
import io.engram.llm.source.SearchHit;
import io.engram.llm.source.SourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A write-back keeps only the statements whose chunk the tenant can still read. */
class SourceCheckTests {

  /** The retrieval service as the tenant sees it: these chunks exist per collection; it records the tokens used. */
  static final class Corpus implements RetrievalSource {
    final Map<String, Set<Long>> live;
    final List<String> tokens = new ArrayList<>();
    boolean down;

    Corpus(Map<String, Set<Long>> live) {
      this.live = live;
    }

    @Override
    public List<SearchHit> search(String collection, String query, int topK, List<HistoryMessage> history) {
      return List.of();
    }

    @Override
    public List<SearchHit> lookup(String collection, List<Long> chunkIds, String identityToken) {
      if (down) {
        throw new SourceException("retrieval", 0, null, "retrieval unreachable", null);
      }
      tokens.add(identityToken);
      return chunkIds.stream().filter(id -> live.getOrDefault(collection, Set.of()).contains(id))
          .map(id -> new SearchHit(String.valueOf(id), "doc", "text", null, null, 0)).toList();
    }
  }

  static MemoryEvent event(MemoryEvent.ContextEntry... entries) {
    return new MemoryEvent("llm-1", "interaction", null, "q?", "a.", List.of(entries), null, List.of());
  }

  @Test
  void whenASourceIsGoneThenItsStatementIsDroppedAndTheOthersStay() {
    Corpus corpus = new Corpus(Map.of("kb", Set.of(41L)));
    MemoryEvent checked = new SourceCheck(corpus).check(event(
        new MemoryEvent.ContextEntry("chunk:kb/41", "Norland Shipping bought the Harbour Line."),
        new MemoryEvent.ContextEntry("chunk:kb/42", "Norland Shipping is based in Bergen."),
        new MemoryEvent.ContextEntry("chunk:other/41", "A chunk of a collection the tenant does not have."),
        new MemoryEvent.ContextEntry("memory:6f1c3a52-2b1e-4c35-9d0e-2a4c8e6b7d11", "A restated memory item.")), "token-1");
    assertThat(checked.context()).extracting(MemoryEvent.ContextEntry::sourceId)
        .containsExactly("chunk:kb/41", "memory:6f1c3a52-2b1e-4c35-9d0e-2a4c8e6b7d11");
    assertThat(corpus.tokens).containsOnly("token-1");
  }

  @Test
  void whenRetrievalCannotAnswerThenTheCheckFailsSoTheDeliveryIsRetried() {
    Corpus corpus = new Corpus(Map.of());
    corpus.down = true;
    assertThatThrownBy(() -> new SourceCheck(corpus).check(event(new MemoryEvent.ContextEntry("chunk:kb/41", "x")), "t"))
        .isInstanceOf(SourceException.class);
  }
}
