package io.engram.retrieval.search;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.support.web.ProblemException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Reads chunks of one collection by id, for callers that keep pointers into the corpus (the LLM service
 * follows memory items' provenance with it). Only the caller's tenant's rows of the named collection are
 * visible; an id that was deleted (its document replaced or removed), belongs to another collection or
 * another tenant is reported as missing, never as an error, so a stale pointer simply stops resolving.
 */
@Service
public class ChunkLookup {

  /** At most this many ids per call. */
  public static final int MAX_IDS = 100;

  private final CollectionStore collections;
  private final HitLoader hits;

  ChunkLookup(CollectionStore collections, HitLoader hits) {
    this.collections = collections;
    this.hits = hits;
  }

  /** The chunks found, in the order asked, and the ids that resolve to nothing. */
  @Schema(description = "The chunks found, in the order asked, and the ids that resolve to nothing.")
  public record Result(
      @Schema(description = "The chunks found, in the order asked.") List<SearchResponse.Hit> chunks,
      @Schema(description = "The ids that were deleted or belong to another collection.") List<Long> missing) {
  }

  public Result lookup(String tenantId, String collectionName, List<Long> ids) {
    if (ids == null || ids.isEmpty()) {
      throw ProblemException.badRequest("invalid-chunk-ids", "Name at least one chunk id.");
    }
    if (ids.size() > MAX_IDS) {
      throw ProblemException.badRequest("invalid-chunk-ids", "At most " + MAX_IDS + " chunk ids per lookup; got "
          + ids.size() + ".");
    }
    if (ids.stream().anyMatch(id -> id == null || id <= 0)) {
      throw ProblemException.badRequest("invalid-chunk-ids", "Chunk ids are positive integers.");
    }
    Collection collection = collections.require(tenantId, collectionName);
    List<Long> wanted = List.copyOf(new LinkedHashSet<>(ids));
    Map<Long, SearchResponse.Hit> rows = hits.rows(tenantId, wanted.toArray(Long[]::new), collection.id());
    List<SearchResponse.Hit> found = new ArrayList<>();
    List<Long> missing = new ArrayList<>();
    for (Long id : wanted) {
      SearchResponse.Hit hit = rows.get(id);
      if (hit == null) {
        missing.add(id);
      } else {
        found.add(hit);
      }
    }
    return new Result(found, missing);
  }
}
