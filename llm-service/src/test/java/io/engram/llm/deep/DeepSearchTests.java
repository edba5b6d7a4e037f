package io.engram.llm.deep;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.llm.fusion.ContextFuser;
import io.engram.llm.fusion.Passage;
import io.engram.llm.gather.ContextGatherer;
import io.engram.llm.generate.Corpus;
import io.engram.llm.source.EventsReceipt;
import io.engram.llm.source.MemoryEvent;
import io.engram.llm.source.MemoryItem;
import io.engram.llm.source.MemorySource;
import io.engram.llm.source.SourceProperties;
import io.engram.llm.text.TokenCounter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeepSearchTests {

  private static final MemorySource NO_MEMORY = new MemorySource() {
    @Override
    public List<MemoryItem> recall(String namespace, String query, int topK) {
      return List.of();
    }

    @Override
    public EventsReceipt record(String namespace, List<MemoryEvent> events, String identityToken) {
      return new EventsReceipt(0, 0, List.of());
    }
  };

  private final TokenCounter tokens = new TokenCounter();
  private final TermOverlapRetrieval retrieval = new TermOverlapRetrieval(Corpus.PASSAGES);
  private final ContextGatherer gatherer = new ContextGatherer(retrieval, NO_MEMORY,
      new SourceProperties("http://unused", "http://unused", null, null, null),
      ContextGatherer.defaultBreakers(Duration.ofSeconds(1)));
  private final ContextFuser fuser = new ContextFuser(tokens);
  private final DeepSearch deep = new DeepSearch(gatherer, fuser, new BridgeTermPlanner(), tokens, 1.0);

  @AfterEach
  void close() {
    gatherer.close();
  }

  private DeepResult run(String question, DeepLimits limits, int topK) {
    return deep.search(question, List.of("kb"), null, List.of(), topK, 5, limits, () -> false, g -> {
    });
  }

  private List<String> found(DeepResult result) {
    return fuser.fuse(result.lists()).stream().map(Passage::sourceId).toList();
  }

  @Test
  void whenTheSecondHopIsOnlyNamedInTheFirstThenTheBridgeFindsIt() {
    String question = "Which river flows through the city where Richard Strauss was born?";
    DeepResult single = run(question, new DeepLimits(1, Duration.ofSeconds(5), 10_000, 2), 2);
    assertThat(found(single)).doesNotContain("munich-1");

    DeepResult result = run(question, new DeepLimits(3, Duration.ofSeconds(5), 10_000, 2), 2);

    assertThat(found(result)).contains("strauss-1", "munich-1");
    assertThat(result.rounds()).hasSizeGreaterThanOrEqualTo(2).hasSizeLessThanOrEqualTo(3);
    assertThat(result.rounds().get(0).decision()).startsWith("continue").contains("Munich");
    assertThat(retrieval.queries).anyMatch(q -> q.contains("Munich"));
  }

  @Test
  void whenTheQuestionNamesAPassagesSubjectThenFollowUpHitsStayBelowIt() {
    String question = "Which river flows through the city where Richard Strauss was born?";
    DeepResult result = run(question, new DeepLimits(3, Duration.ofSeconds(5), 10_000, 2), 3);

    assertThat(result.lists()).anyMatch(l -> l.source().startsWith("question-names")
        && l.passages().stream().map(Passage::sourceId).toList().equals(List.of("strauss-1")));
    assertThat(found(result).getFirst()).isEqualTo("strauss-1");
  }

  @Test
  void whenAQuestionTermIsMissingFromEveryPassageThenItIsSearchedOnItsOwn() {
    String question = "Were Gustav Mahler and Richard Strauss both conductors?";
    DeepResult result = run(question, new DeepLimits(3, Duration.ofSeconds(5), 10_000, 2), 1);
    assertThat(found(result)).contains("strauss-1", "mahler-1");
  }

  @Test
  void whenRoundsAreLimitedThenTheLoopStopsThereAndSaysSo() {
    DeepResult result = run("Which river flows through the city where Richard Strauss was born?",
        new DeepLimits(1, Duration.ofSeconds(5), 10_000, 2), 2);
    assertThat(result.rounds()).hasSize(1);
    assertThat(result.rounds().get(0).decision()).contains("last round");
  }

  @Test
  void whenTokensAreLimitedThenNoRoundReadsPastTheLimit() {
    int limit = 60;
    DeepResult result = run("Which river flows through the city where Richard Strauss was born?",
        new DeepLimits(5, Duration.ofSeconds(5), limit, 2), 3);
    assertThat(result.tokensUsed()).isLessThanOrEqualTo(limit);
    assertThat(result.rounds().getLast().tokensTotal()).isLessThanOrEqualTo(limit);
    int read = result.lists().stream().flatMap(l -> l.passages().stream()).distinct()
        .mapToInt(p -> tokens.count(p.text())).sum();
    assertThat(read).isLessThanOrEqualTo(limit);
  }

  @Test
  void whenWallTimeIsUsedUpThenNoFurtherRoundStarts() {
    RetrievalSlowdown slow = new RetrievalSlowdown(retrieval, 150);
    ContextGatherer slowGatherer = new ContextGatherer(slow, NO_MEMORY,
        new SourceProperties("http://unused", "http://unused", null, null, null),
        ContextGatherer.defaultBreakers(Duration.ofSeconds(1)));
    try {
      DeepSearch slowDeep = new DeepSearch(slowGatherer, fuser, new BridgeTermPlanner(), tokens, 1.0);
      long t0 = System.nanoTime();
      DeepResult result = slowDeep.search("Which river flows through the city where Richard Strauss was born?",
          List.of("kb"), null, List.of(), 2, 5, new DeepLimits(5, Duration.ofMillis(200), 10_000, 2), () -> false, g -> {
          });
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(result.rounds().size()).isLessThanOrEqualTo(2);
      // the second round's call is cut at the deadline rather than waited for
      assertThat(tookMs).isLessThan(1000);
    } finally {
      slowGatherer.close();
    }
  }
}
