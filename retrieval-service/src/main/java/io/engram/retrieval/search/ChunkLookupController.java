package io.engram.retrieval.search;

import io.engram.support.identity.InternalIdentity;
import io.engram.support.web.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/collections/{c}/chunks/lookup}: chunks by id, the missing ones named. */
@RestController
@Tag(name = "search")
class ChunkLookupController {

  private final ChunkLookup lookup;

  ChunkLookupController(ChunkLookup lookup) {
    this.lookup = lookup;
  }

  /** The chunk ids to read. */
  @Schema(name = "ChunkLookupRequest")
  record LookupRequest(@ArraySchema(arraySchema = @Schema(description = "Chunk ids, 1 to 100, each a positive integer",
      requiredMode = Schema.RequiredMode.REQUIRED), minItems = 1, maxItems = 100, schema = @Schema(minimum = "1"))
      List<Long> ids) {
  }

  @PostMapping("/v1/collections/{collection}/chunks/lookup")
  @Operation(operationId = "lookupChunks", summary = "Read chunks by id",
      description = "Returns the chunks of this collection with the given ids, in the order asked; ids that are deleted, "
          + "or belong to another collection, are listed under missing. Used to follow pointers into the corpus "
          + "(memory provenance).")
  ChunkLookup.Result lookup(InternalIdentity identity, @PathVariable String collection, @RequestBody LookupRequest request) {
    Scopes.require(identity, InternalIdentity.SCOPE_READ);
    return lookup.lookup(identity.tenantId(), collection, request == null ? null : request.ids());
  }
}
