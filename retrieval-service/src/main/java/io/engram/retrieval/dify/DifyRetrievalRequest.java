package io.engram.retrieval.dify;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body Dify sends to {@code <endpoint>/retrieval}: {@code knowledge_id} (here: a collection name),
 * {@code query}, {@code retrieval_setting} ({@code top_k}, {@code score_threshold} in 0..1, 0.0 when the
 * threshold is off in Dify) and the optional {@code metadata_condition}.
 */
record DifyRetrievalRequest(@JsonProperty("knowledge_id") @Nullable String knowledgeId, @Nullable String query,
    @JsonProperty("retrieval_setting") @Nullable RetrievalSetting retrievalSetting,
    @JsonProperty("metadata_condition") @Nullable MetadataCondition metadataCondition) {

  /** How many records at most, and the lowest score to return. */
  record RetrievalSetting(@JsonProperty("top_k") @Nullable Integer topK,
      @JsonProperty("score_threshold") @Nullable Double scoreThreshold) {
  }

  /** Conditions joined by {@code and} (default) or {@code or}. */
  record MetadataCondition(@JsonProperty("logical_operator") @Nullable String logicalOperator,
      @Nullable List<Condition> conditions) {
  }

  /**
   * One condition. {@code name} is a metadata key (older versions of Dify's page show an array of keys,
   * read as "any of them"); {@code value} a string, a number or an array of strings, absent for
   * {@code empty}/{@code not empty}.
   */
  record Condition(@Nullable Object name, @JsonProperty("comparison_operator") @Nullable String comparisonOperator,
      @Nullable Object value) {
  }
}
