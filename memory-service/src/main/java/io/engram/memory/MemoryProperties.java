package io.engram.memory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the memory service ({@code engram.memory.*}).
 *
 * @param embeddingModel       model for item and query vectors; quantized models embed one text per call and so
 *                             give vectors that do not depend on batching, which offline determinism needs
 * @param maxEventChars        longest event text accepted (larger events are refused with 413)
 * @param maxBatch             most events per request
 * @param mergeCosine          cosine at or above which two statements that agree on names, figures and times say the
 *                             same thing (0.85: chosen on STS-B by {@code scripts/calibrate-merge}, F0.5 on even rows)
 * @param frameCosine          cosine of two statements' frames (names, figures, times masked) at or above which they
 *                             state the same relation, so that another filler is a change
 * @param changeCosine         least cosine of the statements themselves for a change (related content)
 * @param subsumeCosine        least cosine for a statement whose names, figures and times an item already holds to
 *                             merge into it (it adds nothing)
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
    @DefaultValue("0.85") double mergeCosine,
    @DefaultValue("0.8") double frameCosine,
    @DefaultValue("0.5") double changeCosine,
    @DefaultValue("0.7") double subsumeCosine,
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
