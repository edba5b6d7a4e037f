package io.engram.retrieval.dify;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body Dify sends to {@code <endpoint>/retrieval}: {@code knowledge_id} (here: a collection name),
 * {@code query}, {@code retrieval_setting} ({@code top_k}, {@code score_threshold} in 0..1, 0.0 when the
 * threshold is off in Dify) and the optional {@code metadata_condition}.
 */
@Schema(description = "Dify's external knowledge retrieval request.")
record DifyRetrievalRequest(
    @Schema(description = "The knowledge to search: the name of a collection of the caller's tenant.",
        requiredMode = Schema.RequiredMode.REQUIRED)
    @JsonProperty("knowledge_id") @Nullable String knowledgeId,
    @Schema(description = "What to search for; not blank.", requiredMode = Schema.RequiredMode.REQUIRED)
    @Nullable String query,
    @Schema(description = "How many records at most and the lowest score.", requiredMode = Schema.RequiredMode.REQUIRED)
    @JsonProperty("retrieval_setting") @Nullable RetrievalSetting retrievalSetting,
    @Schema(description = "Conditions on the chunks' metadata; absent: no filter.")
    @JsonProperty("metadata_condition") @Nullable MetadataCondition metadataCondition) {

  /** How many records at most, and the lowest score to return. */
  @Schema(description = "How many records at most, and the lowest score to return.")
  record RetrievalSetting(
      @Schema(description = "How many records at most, from 1 to engram.retrieval.search.max-top-k (1000 by default).",
          requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1")
      @JsonProperty("top_k") @Nullable Integer topK,
      @Schema(description = "The lowest score a record may have, from 0 to 1; 0: no threshold.", minimum = "0",
          maximum = "1", defaultValue = "0")
      @JsonProperty("score_threshold") @Nullable Double scoreThreshold) {
  }

  /** Conditions joined by {@code and} (default) or {@code or}. */
  @Schema(description = "Conditions on metadata, joined by and or or.")
  record MetadataCondition(
      @Schema(description = "How the conditions are joined: and or or (any letter case). Default: and.",
          defaultValue = "and")
      @JsonProperty("logical_operator") @Nullable String logicalOperator,
      @Schema(description = "The conditions.") @Nullable List<Condition> conditions) {
  }

  /**
   * One condition. {@code name} is a metadata key (older versions of Dify's page show an array of keys,
   * read as "any of them"); {@code value} a string, a number or an array of strings, absent for
   * {@code empty}/{@code not empty}.
   */
  @Schema(description = "One condition on a metadata key.")
  record Condition(
      @Schema(description = "The metadata key (an array of keys: any of them).") @Nullable Object name,
      @Schema(description = "Dify's comparison: is, is not, empty, not empty, =, ≠ (!=), >, <, ≥ (>=), ≤ (<=),"
          + " before, after, in, not in, null, not null; contains, not contains, start with and end with are refused.")
      @JsonProperty("comparison_operator") @Nullable String comparisonOperator,
      @Schema(description = "A string, a number or an array of strings; absent for empty and not empty.")
      @Nullable Object value) {
  }
}
