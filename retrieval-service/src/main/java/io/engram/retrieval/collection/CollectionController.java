package io.engram.retrieval.collection;

import io.engram.support.identity.InternalIdentity;
import io.engram.support.openapi.PublicApiCustomizer;
import io.engram.support.web.Scopes;
import io.engram.text.embedding.EmbeddingModelCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/collections}: a tenant's knowledge bases. */
@RestController
@RequestMapping("/v1/collections")
@Tag(name = "collections")
class CollectionController {

  private final CollectionStore collections;

  CollectionController(CollectionStore collections) {
    this.collections = collections;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "createCollection", summary = "Create a collection", description = "language defaults to en; embeddingModel to the language's default")
  CollectionView create(InternalIdentity identity, @RequestBody CreateCollection request) {
    Scopes.require(identity, InternalIdentity.SCOPE_WRITE);
    if (request.embeddingModel() != null && request.embeddingModel().startsWith(EmbeddingModelCatalog.USER_MODEL_PREFIX)) {
      // a user model is a file the service loads and runs: only an admin key may choose one
      Scopes.require(identity, InternalIdentity.SCOPE_ADMIN);
    }
    return CollectionView.of(collections.create(identity.tenantId(), request.name(), request.language(), request.embeddingModel(),
        request.chunking()));
  }

  @GetMapping
  @Operation(operationId = "listCollections", summary = "List the tenant's collections, by name",
      description = "With 'limit', one page at a time: the X-Next-Cursor header holds the cursor of the next page.")
  ResponseEntity<List<CollectionView>> list(InternalIdentity identity, @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    Scopes.require(identity, InternalIdentity.SCOPE_READ);
    NamePage page = NamePage.of(limit, cursor);
    List<Collection> found = collections.list(identity.tenantId(), page.after(), page.fetch());
    ResponseEntity.BodyBuilder response = ResponseEntity.ok();
    if (page.hasMore(found.size())) {
      found = found.subList(0, page.limit());
      response.header(PublicApiCustomizer.NEXT_CURSOR_HEADER, NamePage.cursor(found.getLast().name()));
    }
    return response.body(found.stream().map(CollectionView::of).toList());
  }

  @GetMapping("/{name}")
  @Operation(operationId = "getCollection", summary = "One collection with its document and chunk counts")
  CollectionView get(InternalIdentity identity, @PathVariable String name) {
    Scopes.require(identity, InternalIdentity.SCOPE_READ);
    return CollectionView.of(collections.require(identity.tenantId(), name));
  }

  @DeleteMapping("/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "deleteCollection", summary = "Delete a collection with its documents, chunks, postings and jobs")
  void delete(InternalIdentity identity, @PathVariable String name) {
    Scopes.require(identity, InternalIdentity.SCOPE_WRITE);
    collections.delete(identity.tenantId(), name);
  }

  /** Body of {@code POST /v1/collections}. */
  @Schema(description = "A collection to create.")
  record CreateCollection(
      @Schema(description = "The collection's name, unique in the tenant: a letter or digit, then up to 63 letters,"
          + " digits, '.', '_' or '-'.", requiredMode = Schema.RequiredMode.REQUIRED,
          pattern = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}", minLength = 1, maxLength = 64, example = "handbook")
      String name,
      @Schema(description = "The documents' language as an ISO 639 code, optionally with subtags (e.g. 'zh-Hans'; read"
          + " in lower case); it picks the text analyzer and the default embedding model. Default: en.",
          defaultValue = "en", example = "en")
      String language,
      @Schema(description = "The embedding model: a bundled model's name, 'onnx:<folder>' (a model directory; admin"
          + " key only) or 'none' (BM25 only, no embeddings). Default: the language's default model.")
      String embeddingModel,
      @Schema(description = "How documents are cut: standard (default) or parent-child, small chunks indexed and their"
          + " parent section returned.") @Nullable ChunkingSettings chunking) {
  }

  /** A collection as the API shows it. */
  @Schema(description = "A collection with its document and chunk counts.")
  record CollectionView(
      @Schema(description = "The collection's name, unique in the tenant.") String name,
      @Schema(description = "The documents' language (ISO 639 code).") String language,
      @Schema(description = "The embedding model the collection's chunks are embedded with; 'none': BM25 only.")
      String embeddingModel,
      @Schema(description = "When the collection was created.") OffsetDateTime createdAt,
      @Schema(description = "How many documents the collection holds.") int documentCount,
      @Schema(description = "How many chunks the collection's documents were split into (with parent-child: the"
          + " children).") int chunkCount,
      @Schema(description = "How the collection's documents are cut.") ChunkingSettings chunking) {
    static CollectionView of(Collection c) {
      return new CollectionView(c.name(), c.language(), c.embeddingModel(), c.createdAt(), c.documentCount(), c.chunkCount(),
          c.chunking());
    }
  }
}
