package io.engram.support.ranking;

/**
 * The core of reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009), one copy for every
 * service that fuses ranked lists: a list contributes {@code weight / (k + rank)} for an item at its
 * 1-based {@code rank}, and an item's fused score is the sum of its contributions, added in list order.
 * The lists' own scores are ignored, so no calibration is needed. Retrieval fuses its recall paths with it
 * ({@code rrf}), the llm-service the memory and retrieval lists of an answer's context.
 */
public record ReciprocalRank(int k) {

  /** The paper's rank constant. */
  public static final int DEFAULT_RANK_CONSTANT = 60;

  public ReciprocalRank {
    if (k < 1) {
      throw new IllegalArgumentException("illegal rank constant: " + k + ", must be at least 1");
    }
  }

  /** What a list of weight {@code weight} adds for an item at 1-based {@code rank}. */
  public double contribution(double weight, int rank) {
    return weight / (k + rank);
  }

  /** The contribution as a formula, e.g. {@code 1/(60+3)[bm25]} or {@code 0.5*1/(60+3)[dense]}. */
  public String explain(double weight, int rank, String list) {
    return (weight == 1.0 ? "" : weight + "*") + "1/(" + k + "+" + rank + ")[" + list + "]";
  }
}
