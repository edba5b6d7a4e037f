package io.engram.memory.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the memory service ({@code engram.memory.*}).
 *
 * @param embeddingModel       model for item and query vectors; quantized models embed one text per call and so
 *                             give vectors that do not depend on batching, which offline determinism needs
 * @param maxEventChars        longest event text accepted (larger events are refused with 413)
 * @param maxBatch             most events per request
 * @param mergeCosine          cosine at or above which two slotless statements with the same numbers are one
 * @param mergeOverlap         share of shared content terms (Jaccard) also required for such a merge
 * @param consolidateEvery     a consolidation round runs after every this many events of a namespace (0: never)
 * @param abstractionMinMembers fewest facts about one subject that make an abstraction
 * @param tokenBudget          live tokens a namespace may hold before its coldest items are archived
 * @param denseWeight          weight of cosine similarity in recall (the rest is lexical)
 */
@ConfigurationProperties("engram.memory")
public record MemoryProperties(
    @DefaultValue("all-minilm-l6-v2-q") String embeddingModel,
    @DefaultValue("20000") int maxEventChars,
    @DefaultValue("1000") int maxBatch,
    @DefaultValue("0.93") double mergeCosine,
    @DefaultValue("0.6") double mergeOverlap,
    @DefaultValue("500") int consolidateEvery,
    @DefaultValue("3") int abstractionMinMembers,
    @DefaultValue("200000") long tokenBudget,
    @DefaultValue("0.5") double denseWeight) {

  public MemoryProperties {
    if (mergeCosine <= 0 || mergeCosine > 1) {
      throw new IllegalArgumentException("illegal mergeCosine: " + mergeCosine + ", must be in (0, 1]");
    }
    if (denseWeight < 0 || denseWeight > 1) {
      throw new IllegalArgumentException("illegal denseWeight: " + denseWeight + ", must be in [0, 1]");
    }
    if (tokenBudget < 1) {
      throw new IllegalArgumentException("illegal tokenBudget: " + tokenBudget + ", must be positive");
    }
  }
}
