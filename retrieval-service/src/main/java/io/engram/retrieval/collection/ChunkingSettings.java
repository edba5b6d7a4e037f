package io.engram.retrieval.collection;

import io.engram.support.web.ProblemException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a collection's documents are cut, chosen at creation. {@code standard}: chunks of the service's size
 * ({@code engram.retrieval.chunking}), each indexed and returned as it is. {@code parent-child} ("small-to-big", as
 * LangChain's ParentDocumentRetriever and LlamaIndex's hierarchical nodes do it): each section is cut into parents of
 * at most {@code parentTokens}, each parent into children of at most {@code childTokens} (with
 * {@code childOverlapTokens} repeated between neighbours); only the children are indexed (BM25 and vectors), and a
 * search returns each parent once, ranked by its best child, with where its matching children are in its text.
 */
@Schema(name = "Chunking", description = "How the collection's documents are cut, fixed at creation.")
public record ChunkingSettings(
    @Schema(description = "standard (chunks indexed and returned as they are) or parent-child (small chunks indexed,"
        + " their parent section returned). Default: standard.", allowableValues = {STANDARD, PARENT_CHILD},
        defaultValue = STANDARD) @Nullable String strategy,
    @Schema(description = "parent-child: most tokens of a parent section (what a hit returns), "
        + MIN_TOKENS + "-" + MAX_PARENT_TOKENS + ", more than childTokens. Default: " + DEFAULT_PARENT_TOKENS + ".",
        minimum = "" + MIN_TOKENS, maximum = "" + MAX_PARENT_TOKENS) @Nullable Integer parentTokens,
    @Schema(description = "parent-child: most model tokens of a child (what is indexed), at least " + MIN_TOKENS
        + " (capped by the embedding model's input limit). Default: " + DEFAULT_CHILD_TOKENS + ".",
        minimum = "" + MIN_TOKENS, maximum = "" + MAX_PARENT_TOKENS) @Nullable Integer childTokens,
    @Schema(description = "parent-child: tokens repeated between neighbouring children of a parent, 0 to less than half"
        + " of childTokens. Default: " + DEFAULT_CHILD_OVERLAP_TOKENS + ".", minimum = "0")
    @Nullable Integer childOverlapTokens) {

  public static final String STANDARD = "standard";
  public static final String PARENT_CHILD = "parent-child";
  static final int MIN_TOKENS = 16;
  static final int MAX_PARENT_TOKENS = 8192;
  static final int DEFAULT_PARENT_TOKENS = 512;
  static final int DEFAULT_CHILD_TOKENS = 128;
  static final int DEFAULT_CHILD_OVERLAP_TOKENS = 16;

  /** The standard strategy: the service's chunking, no parents. */
  public static final ChunkingSettings STANDARD_SETTINGS = new ChunkingSettings(STANDARD, null, null, null);

  /** Whether chunks are children of stored parents. */
  public boolean parentChild() {
    return PARENT_CHILD.equals(strategy);
  }

  /**
   * These settings checked and completed with the defaults; anything wrong is a 400 problem
   * ({@code invalid-chunking}). Null means the standard strategy.
   */
  public static ChunkingSettings resolve(@Nullable ChunkingSettings requested) {
    if (requested == null) {
      return STANDARD_SETTINGS;
    }
    String strategy = requested.strategy() == null ? STANDARD : requested.strategy();
    if (STANDARD.equals(strategy)) {
      if (requested.parentTokens() != null || requested.childTokens() != null || requested.childOverlapTokens() != null) {
        throw invalid("parentTokens, childTokens and childOverlapTokens apply to the parent-child strategy only.");
      }
      return STANDARD_SETTINGS;
    }
    if (!PARENT_CHILD.equals(strategy)) {
      throw invalid("Unknown chunking strategy '" + strategy + "'; known: " + List.of(STANDARD, PARENT_CHILD) + ".");
    }
    int child = requested.childTokens() == null ? DEFAULT_CHILD_TOKENS : requested.childTokens();
    int parent = requested.parentTokens() == null ? Math.max(DEFAULT_PARENT_TOKENS, 2 * child) : requested.parentTokens();
    int overlap = requested.childOverlapTokens() == null ? Math.min(DEFAULT_CHILD_OVERLAP_TOKENS, (child - 1) / 2)
        : requested.childOverlapTokens();
    if (child < MIN_TOKENS || child > MAX_PARENT_TOKENS) {
      throw invalid("childTokens must be between " + MIN_TOKENS + " and " + MAX_PARENT_TOKENS + "; was " + child + ".");
    }
    if (parent <= child || parent > MAX_PARENT_TOKENS) {
      throw invalid("parentTokens must be more than childTokens (" + child + ") and at most " + MAX_PARENT_TOKENS
          + "; was " + parent + ".");
    }
    if (overlap < 0 || overlap >= child / 2) {
      throw invalid("childOverlapTokens must be at least 0 and less than half of childTokens (" + child + "); was "
          + overlap + ".");
    }
    return new ChunkingSettings(PARENT_CHILD, parent, child, overlap);
  }

  private static ProblemException invalid(String detail) {
    return ProblemException.badRequest("invalid-chunking", detail);
  }
}
