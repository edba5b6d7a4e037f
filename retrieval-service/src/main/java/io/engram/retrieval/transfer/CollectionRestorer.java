package io.engram.retrieval.transfer;

import io.engram.retrieval.collection.ChunkingSettings;
import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.retrieval.ingest.BulkLoader;
import io.engram.retrieval.ingest.IndexedText;
import io.engram.support.identity.InternalIdentity;
import io.engram.support.web.ProblemException;
import io.engram.support.web.Scopes;
import io.engram.text.analysis.TextAnalyzer;
import io.engram.text.analysis.TextAnalyzers;
import io.engram.text.embedding.EmbeddingModelCatalog;
import io.engram.text.embedding.EmbeddingModelSpec;
import io.engram.text.embedding.EmbeddingModels;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Restores a {@link CollectionDump} into a new or empty collection of the caller's tenant, through {@link BulkLoader}:
 * one transaction (nothing is written unless the whole dump is read and checked), chunks and postings in bulk, and a
 * graph of its own for a large collection. The body is read line by line as it arrives, a batch of documents at a
 * time. Refused, with nothing written: a dump that is not one (header, line syntax, a line out of place, counts that
 * do not match its end line, or no end line: cut short), a target that holds documents, an embedding model, dimension
 * or language other than the target's (a new collection takes the dump's), parent/child collections (BulkLoader writes
 * standard chunks), a body over {@code engram.retrieval.restore.max-body-size}. A new collection created for a
 * restore that fails is deleted again. Terms are analyzed again from each chunk's indexed text (title, headings,
 * text: {@link IndexedText}), so the restored postings are what ingestion writes today; vectors are kept.
 */
@Component
class CollectionRestorer {

  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
  static final int BATCH_CHUNKS = 1000;
  private static final int MAX_ID_LENGTH = 512;

  private final CollectionStore collections;
  private final BulkLoader bulk;
  private final EmbeddingModels models;
  private final JsonMapper json;
  private final long maxBytes;

  CollectionRestorer(CollectionStore collections, BulkLoader bulk, EmbeddingModels models, JsonMapper json,
      @Value("${engram.retrieval.restore.max-body-size:4GB}") DataSize maxBodySize) {
    if (maxBodySize.toBytes() < 1) {
      throw new IllegalArgumentException("illegal engram.retrieval.restore.max-body-size: " + maxBodySize + ", must be positive");
    }
    this.collections = collections;
    this.bulk = bulk;
    this.models = models;
    this.json = json;
    this.maxBytes = maxBodySize.toBytes();
  }

  long maxBytes() {
    return maxBytes;
  }

  /** What a restore wrote. */
  record Restored(Collection collection, BulkLoader.Result load) {
  }

  Restored restore(InternalIdentity identity, String name, InputStream body) {
    DumpLines lines = new DumpLines(body, maxBytes, MAX_LINE_BYTES);
    // 1. the header, and the collection it goes into
    Header header = header(lines);
    Optional<Collection> existing = collections.find(identity.tenantId(), name);
    existing.ifPresent(target -> fits(target, header));
    String model = existing.map(Collection::embeddingModel).orElse(header.model());
    if (existing.isEmpty() && model.startsWith(EmbeddingModelCatalog.USER_MODEL_PREFIX)) {
      // as at creation: a user model is a file the service loads and runs
      Scopes.require(identity, InternalIdentity.SCOPE_ADMIN);
    }
    checkDimensions(model, header.dimensions());
    Collection target = existing.isPresent() ? existing.get()
        : collections.create(identity.tenantId(), name, header.language(), model, header.chunking());
    // 2. documents and chunks, in bulk, in one transaction
    try {
      BulkLoader.Result load = bulk.load(target, header.chunks(), sink -> new DumpReader(lines, header, target).read(sink));
      return new Restored(collections.require(identity.tenantId(), name), load);
    } catch (RuntimeException e) {
      if (existing.isEmpty()) {
        collections.delete(identity.tenantId(), name);
      }
      if (e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().contains("empty collection")) {
        // another restore or an ingestion wrote first
        throw notEmpty(name);
      }
      throw e;
    }
  }

  private record Header(String language, String model, @Nullable Integer dimensions, ChunkingSettings chunking,
      long documents, long chunks) {
  }

  private Header header(DumpLines lines) {
    byte[] first = lines.next();
    if (first == null) {
      throw invalid(1, "The body is empty; a dump starts with its collection line.");
    }
    JsonNode node = parse(first, 1);
    if (!CollectionDump.HEADER.equals(text(node, "type")) || !CollectionDump.FORMAT.equals(text(node, "format"))) {
      throw invalid(1, "The first line must be the collection line of an Engram dump: {\"type\":\"collection\",\"format\":\""
          + CollectionDump.FORMAT + "\",...}.");
    }
    if (node.path("version").asInt(-1) != CollectionDump.VERSION) {
      throw invalid(1, "Dump format version " + node.path("version") + " is not supported; this service reads version "
          + CollectionDump.VERSION + ".");
    }
    String language = requireText(node, "language", 1);
    String model = requireText(node, "embeddingModel", 1);
    JsonNode dims = node.path("dimensions");
    Integer dimensions = dims.isNull() || dims.isMissingNode() ? null : dims.isInt() && dims.asInt() > 0 ? dims.asInt() : -1;
    if (dimensions != null && dimensions < 0) {
      throw invalid(1, "dimensions must be a positive integer or null.");
    }
    ChunkingSettings chunking;
    try {
      chunking = node.has("chunking") && !node.get("chunking").isNull()
          ? json.treeToValue(node.get("chunking"), ChunkingSettings.class) : ChunkingSettings.STANDARD_SETTINGS;
    } catch (JacksonException e) {
      throw invalid(1, "chunking is not a chunking object: " + e.getOriginalMessage());
    }
    if (chunking.parentChild()) {
      throw unsupported("The dump is of a parent/child collection; restoring those is not supported (bulk loading writes"
          + " standard chunks).");
    }
    long documents = requireCount(node, "documents", 1);
    long chunks = requireCount(node, "chunks", 1);
    return new Header(language, model, dimensions, chunking, documents, chunks);
  }

  /** An existing target must be empty and use what the dump was made with. */
  private static void fits(Collection target, Header header) {
    if (target.documentCount() > 0 || target.chunkCount() > 0) {
      throw notEmpty(target.name());
    }
    if (target.parentChild()) {
      throw unsupported("Collection '" + target.name() + "' is a parent/child collection; a restore writes standard chunks.");
    }
    if (!target.embeddingModel().equals(header.model())) {
      throw mismatch("The dump's vectors are from embedding model '" + header.model() + "'; collection '" + target.name()
          + "' embeds queries with '" + target.embeddingModel() + "'. Restore into a new collection, or one created with '"
          + header.model() + "'.");
    }
    if (!target.language().equals(header.language())) {
      throw mismatch("The dump is of a collection in language '" + header.language() + "'; collection '" + target.name()
          + "' analyzes text as '" + target.language() + "'.");
    }
  }

  /** The dump's vectors must have the dimensions of the model that will embed the restored collection's queries. */
  private void checkDimensions(String model, @Nullable Integer dimensions) {
    if (Collection.NO_EMBEDDINGS.equals(model)) {
      if (dimensions != null) {
        throw mismatch("The dump has " + dimensions + "-dimension vectors but names no embedding model ('none').");
      }
      return;
    }
    if (dimensions == null) {
      return; // no vectors in the dump: a collection without chunks, checked line by line otherwise
    }
    int expected;
    try {
      EmbeddingModelSpec spec = EmbeddingModelCatalog.bundled().contains(model) ? EmbeddingModelCatalog.resolve(model) : null;
      expected = spec != null && spec.dimensions() > 0 ? spec.dimensions() : models.get(model).dimensions();
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("unknown-embedding-model", e.getMessage() + ".");
    }
    if (expected != dimensions) {
      throw mismatch("The dump's vectors have " + dimensions + " dimensions; embedding model '" + model + "' makes "
          + expected + ".");
    }
  }

  /** Reads the documents and chunks of a dump into a bulk load's sink, a batch at a time. */
  private final class DumpReader {
    private final DumpLines lines;
    private final Header header;
    private final Integer dimensions;
    private final TextAnalyzer analyzer;
    private final Set<String> ids = new HashSet<>();
    private List<BulkLoader.Document> batch = new ArrayList<>();
    private int batchChunks;
    private @Nullable JsonNode document;
    private List<BulkLoader.Chunk> chunks = new ArrayList<>();
    private long documentCount;
    private long chunkCount;

    DumpReader(DumpLines lines, Header header, Collection target) {
      this.lines = lines;
      this.header = header;
      this.dimensions = target.dense() ? header.dimensions() : null;
      this.analyzer = TextAnalyzers.forLanguage(target.language());
    }

    void read(BulkLoader.Sink sink) {
      byte[] bytes;
      while ((bytes = lines.next()) != null) {
        int n = lines.number();
        if (bytes.length == 0) {
          continue;
        }
        JsonNode node = parse(bytes, n);
        String type = text(node, "type");
        if (CollectionDump.DOCUMENT.equals(type)) {
          finishDocument(sink, false);
          startDocument(node, n);
        } else if (CollectionDump.CHUNK.equals(type)) {
          addChunk(node, n);
        } else if (CollectionDump.END.equals(type)) {
          finishDocument(sink, true);
          end(node, n);
          return;
        } else {
          throw invalid(n, "Unknown line type '" + type + "'; a dump has collection, document, chunk and end lines.");
        }
      }
      throw invalid(lines.number() + 1, "The dump ends without its end line: it was cut short (" + documentCount
          + " documents read).");
    }

    private void startDocument(JsonNode node, int n) {
      String id = requireText(node, "id", n);
      if (id.isBlank() || id.length() > MAX_ID_LENGTH || id.indexOf('\0') >= 0) {
        throw invalid(n, "A document id is 1-" + MAX_ID_LENGTH + " characters, not blank.");
      }
      if (!ids.add(id)) {
        throw invalid(n, "Document '" + id + "' occurs twice.");
      }
      requireText(node, "contentHash", n);
      object(node, "metadata", n);
      JsonNode title = node.path("title");
      if (!title.isMissingNode() && !title.isNull() && !title.isString()) {
        throw invalid(n, "title must be a string.");
      }
      document = node;
      chunks = new ArrayList<>();
    }

    private void addChunk(JsonNode node, int n) {
      JsonNode doc = document;
      if (doc == null) {
        throw invalid(n, "A chunk line must follow its document's line.");
      }
      if (node.path("ordinal").asInt(-1) != chunks.size() || !node.path("ordinal").isInt()) {
        throw invalid(n, "Chunk ordinal " + node.path("ordinal") + " out of place: document '" + doc.get("id").asString()
            + "' expects chunk " + chunks.size() + " here.");
      }
      String text = requireText(node, "text", n);
      String metadata = object(node, "metadata", n);
      String contentHash = requireText(node, "contentHash", n);
      JsonNode tokens = node.path("tokenCount");
      if (!tokens.isInt() || tokens.asInt() < 0) {
        throw invalid(n, "tokenCount must be a non-negative integer.");
      }
      float[] vector = vector(node.path("vector"), n);
      List<String> headings = new ArrayList<>();
      JsonNode path = node.get("metadata").path("headings");
      if (path.isArray()) {
        path.forEach(h -> headings.add(h.asString()));
      }
      JsonNode title = doc.path("title");
      List<String> terms = analyzer.terms(IndexedText.of(title.isString() ? title.asString() : null, headings, text));
      Map<String, Integer> tf = new HashMap<>();
      terms.forEach(t -> tf.merge(t, 1, Integer::sum));
      chunks.add(new BulkLoader.Chunk(text, contentHash, metadata, tokens.asInt(), terms.size(), tf, vector));
    }

    private float @Nullable [] vector(JsonNode node, int n) {
      if (dimensions == null) {
        if (!node.isMissingNode() && !node.isNull()) {
          throw invalid(n, "A chunk of a collection without vectors has no vector.");
        }
        return null;
      }
      if (!node.isArray() || node.size() != dimensions) {
        throw invalid(n, "vector must be an array of " + dimensions + " numbers (the dump's dimensions).");
      }
      float[] v = new float[dimensions];
      for (int i = 0; i < v.length; i++) {
        JsonNode x = node.get(i);
        if (!x.isNumber()) {
          throw invalid(n, "vector element " + i + " is not a number.");
        }
        v[i] = (float) x.asDouble();
        if (!Float.isFinite(v[i])) {
          throw invalid(n, "vector element " + i + " is not a finite float.");
        }
      }
      return v;
    }

    private void finishDocument(BulkLoader.Sink sink, boolean last) {
      JsonNode doc = document;
      if (doc != null) {
        JsonNode title = doc.path("title");
        batch.add(new BulkLoader.Document(doc.get("id").asString(), title.isString() ? title.asString() : null,
            doc.get("contentHash").asString(), doc.get("metadata").toString(), chunks));
        documentCount++;
        chunkCount += chunks.size();
        batchChunks += chunks.size();
        document = null;
      }
      if (!batch.isEmpty() && (last || batchChunks >= BATCH_CHUNKS || batch.size() >= BATCH_CHUNKS)) {
        sink.add(batch);
        batch = new ArrayList<>();
        batchChunks = 0;
      }
    }

    private void end(JsonNode node, int n) {
      long documents = requireCount(node, "documents", n);
      long chunks = requireCount(node, "chunks", n);
      if (documents != documentCount || chunks != chunkCount) {
        throw invalid(n, "The end line counts " + documents + " documents and " + chunks + " chunks; the dump holds "
            + documentCount + " and " + chunkCount + ".");
      }
      if (header.documents() != documentCount || header.chunks() != chunkCount) {
        throw invalid(n, "The collection line counts " + header.documents() + " documents and " + header.chunks()
            + " chunks; the dump holds " + documentCount + " and " + chunkCount + ".");
      }
      byte[] more;
      while ((more = lines.next()) != null) {
        if (more.length > 0) {
          throw invalid(lines.number(), "Nothing may follow the end line.");
        }
      }
    }
  }

  private JsonNode parse(byte[] line, int n) {
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (JacksonException e) {
      throw invalid(n, "Line " + n + " is not a JSON object: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw invalid(n, "Line " + n + " is not a JSON object.");
    }
    return node;
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }

  private static String requireText(JsonNode node, String field, int n) {
    String value = text(node, field);
    if (value == null) {
      throw invalid(n, field + " must be a string.");
    }
    if (value.indexOf('\0') >= 0) {
      throw invalid(n, field + " contains a NUL character, which PostgreSQL text cannot hold.");
    }
    return value;
  }

  private static String object(JsonNode node, String field, int n) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw invalid(n, field + " must be a JSON object.");
    }
    String written = value.toString();
    if (written.contains("\\u0000")) {
      throw invalid(n, field + " contains a NUL character, which PostgreSQL jsonb cannot hold.");
    }
    return written;
  }

  private static long requireCount(JsonNode node, String field, int n) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
      throw invalid(n, field + " must be a non-negative integer.");
    }
    return value.asLong();
  }

  static ProblemException invalid(int line, String detail) {
    return ProblemException.badRequest("invalid-dump", detail.startsWith("Line ") ? detail : "Line " + line + ": " + detail)
        .with("line", line);
  }

  private static ProblemException notEmpty(String name) {
    return ProblemException.conflict("collection-not-empty", "Collection '" + name + "' already holds documents; a restore"
        + " goes into a new or empty collection.");
  }

  private static ProblemException mismatch(String detail) {
    return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "restore-mismatch", "Unprocessable content", detail);
  }

  private static ProblemException unsupported(String detail) {
    return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "restore-unsupported", "Unprocessable content", detail);
  }
}
