package io.engram.retrieval.transfer;

import io.engram.retrieval.collection.ChunkingSettings;
import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.support.identity.InternalIdentity;
import io.engram.support.web.ProblemException;
import io.engram.support.web.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.OffsetDateTime;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/collections/{name}/export} and {@code /restore}: a collection out as NDJSON, streamed while it is read,
 * and such a dump into a new or empty collection of the caller's tenant. Names are looked up in the caller's tenant
 * only, as everywhere: another tenant's collection is a 404, and a restore always writes into the caller's own.
 */
@RestController
@Tag(name = "collections")
class CollectionTransferController {

  private final CollectionStore collections;
  private final CollectionExporter exporter;
  private final CollectionRestorer restorer;

  CollectionTransferController(CollectionStore collections, CollectionExporter exporter, CollectionRestorer restorer) {
    this.collections = collections;
    this.exporter = exporter;
    this.restorer = restorer;
  }

  @GetMapping(path = "/v1/collections/{name}/export", produces = CollectionDump.MEDIA_TYPE)
  @Operation(operationId = "exportCollection", summary = "Export a collection as NDJSON (streamed)",
      description = "One JSON object a line: the collection (format engram.collection, version 1, language, embedding model,"
          + " dimensions, chunking, counts), then each document followed by its chunks (text, metadata, content hash, token"
          + " and term counts, vector), then an end line with the counts written. Read in one snapshot. Postings and the"
          + " vector graph are not in it: a restore rebuilds them. Parent/child collections cannot be exported yet (409).")
  @ApiResponse(responseCode = "200", description = "The dump, one JSON object a line.",
      content = @Content(mediaType = CollectionDump.MEDIA_TYPE, schema = @Schema(type = "string")))
  void export(InternalIdentity identity, @PathVariable String name, HttpServletResponse response) throws IOException {
    Scopes.require(identity, InternalIdentity.SCOPE_READ);
    Collection collection = collections.require(identity.tenantId(), name);
    if (collection.parentChild()) {
      throw ProblemException.conflict("export-unsupported", "Collection '" + name + "' is a parent/child collection;"
          + " exporting those is not supported yet (a restore writes standard chunks).");
    }
    response.setContentType(CollectionDump.MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".ndjson\"");
    try (OutputStream out = response.getOutputStream()) {
      exporter.export(collection, out);
    }
  }

  @PostMapping(path = "/v1/collections/{name}/restore", consumes = CollectionDump.MEDIA_TYPE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "restoreCollection", summary = "Restore an exported collection into a new or empty collection",
      description = "The body is an export (application/x-ndjson), read as it arrives. A new collection takes the dump's"
          + " language, embedding model and chunking; an existing one must be empty (409 collection-not-empty) and use the"
          + " same model and language (422 restore-mismatch), as must the vectors' dimensions. Documents keep their ids;"
          + " postings are analyzed again from the text and written in bulk with the vectors, in one transaction: a line"
          + " that is not valid (400 invalid-dump, with its line number), a dump without its end line (cut short) or a body"
          + " over engram.retrieval.restore.max-body-size (413) writes nothing.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = CollectionDump.MEDIA_TYPE, schema = @Schema(type = "string",
          description = "A dump as GET /v1/collections/{name}/export writes it."))))
  RestoredView restore(InternalIdentity identity, @PathVariable String name, HttpServletRequest request) throws IOException {
    Scopes.require(identity, InternalIdentity.SCOPE_WRITE);
    long declared = request.getContentLengthLong();
    if (declared > restorer.maxBytes()) {
      throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Content too large",
          "A restore body may hold at most " + restorer.maxBytes() + " bytes (engram.retrieval.restore.max-body-size).")
          .with("maxBytes", restorer.maxBytes());
    }
    CollectionRestorer.Restored restored = restorer.restore(identity, name, request.getInputStream());
    Collection c = restored.collection();
    return new RestoredView(c.name(), c.language(), c.embeddingModel(), c.createdAt(), c.documentCount(), c.chunkCount(),
        c.chunking(), restored.load().ownGraph(), restored.load().writeSeconds(), restored.load().graphSeconds());
  }

  /** The 201 answer of a restore: the collection as it now is, and how the load went. */
  @Schema(name = "RestoredCollection", description = "The restored collection with its counts, and how it was written.")
  record RestoredView(
      @Schema(description = "The collection's name, unique in the tenant.") String name,
      @Schema(description = "The documents' language (ISO 639 code).") String language,
      @Schema(description = "The embedding model the collection's chunks are embedded with; 'none': BM25 only.")
      String embeddingModel,
      @Schema(description = "When the collection was created.") OffsetDateTime createdAt,
      @Schema(description = "How many documents the collection holds.") int documentCount,
      @Schema(description = "How many chunks the collection holds.") int chunkCount,
      @Schema(description = "How the collection's documents are cut.") ChunkingSettings chunking,
      @Schema(description = "Whether the restore gave the collection an HNSW graph of its own (large restores).")
      boolean ownGraph,
      @Schema(description = "Seconds spent writing documents, chunks and postings (one transaction).") double writeSeconds,
      @Schema(description = "Seconds spent building the collection's own graph after the commit; 0 without one.")
      double graphSeconds) {
  }
}
