package io.engram.retrieval.collection;

import io.engram.support.tenancy.TenantTransactions;
import io.engram.support.web.ProblemException;
import io.engram.text.embedding.EmbeddingModelCatalog;
import io.engram.text.embedding.EmbeddingModels;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Creates, finds and deletes a tenant's collections: the one place that reads collection rows. Names are unique per tenant and appear in URLs, so
 * they are restricted to a URL-safe alphabet; an unknown embedding model is rejected at creation rather
 * than at the first ingestion.
 */
@Service
public class CollectionStore {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

  private final JdbcClient jdbc;
  private final TenantTransactions tenants;
  private final EmbeddingModels models;
  private final VectorGraphs graphs;

  public CollectionStore(JdbcClient jdbc, TenantTransactions tenants, EmbeddingModels models, VectorGraphs graphs) {
    this.jdbc = jdbc;
    this.tenants = tenants;
    this.models = models;
    this.graphs = graphs;
  }

  public Collection create(String tenantId, String name, String language, String embeddingModel) {
    return create(tenantId, name, language, embeddingModel, null);
  }

  /** A collection with the given chunking (standard when null); bad settings are a 400 problem. */
  public Collection create(String tenantId, String name, String language, String embeddingModel,
      @Nullable ChunkingSettings chunking) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ProblemException.badRequest("invalid-collection-name",
          "Collection names are 1-64 characters of letters, digits, '.', '_' and '-', starting with a letter or digit.");
    }
    String lang = language == null || language.isBlank() ? "en" : language.trim().toLowerCase(Locale.ROOT);
    if (!LANGUAGE.matcher(lang).matches()) {
      throw ProblemException.badRequest("invalid-language", "language must be an ISO 639 code such as 'en' or 'zh'.");
    }
    String model = embeddingModel == null || embeddingModel.isBlank() ? EmbeddingModelCatalog.defaultFor(lang) : embeddingModel;
    if (model.startsWith(EmbeddingModelCatalog.USER_MODEL_PREFIX)) {
      try {
        models.requireKnown(model);
      } catch (IllegalArgumentException e) {
        throw ProblemException.badRequest("unknown-embedding-model", e.getMessage() + ".");
      }
    } else if (!model.equals(Collection.NO_EMBEDDINGS) && !models.knows(model)) {
      throw ProblemException.badRequest("unknown-embedding-model", "Unknown embedding model '" + model + "'; known: "
          + EmbeddingModelCatalog.bundled() + ", onnx:<folder of the model directory with model.onnx and tokenizer.json>, or none (BM25 only).");
    }
    ChunkingSettings settings = ChunkingSettings.resolve(chunking);
    try {
      return tenants.inTenant(tenantId, () -> jdbc.sql("""
              insert into collections (tenant_id, name, language, embedding_model, chunk_strategy, parent_tokens,
                child_tokens, child_overlap_tokens) values (?, ?, ?, ?, ?, ?, ?, ?)
              returning *""")
          .params(tenantId, name, lang, model, settings.strategy(), settings.parentTokens(), settings.childTokens(),
              settings.childOverlapTokens()).query(CollectionStore::map).single());
    } catch (DuplicateKeyException e) {
      throw ProblemException.conflict("collection-exists", "A collection named '" + name + "' already exists.");
    }
  }

  public List<Collection> list(String tenantId) {
    return list(tenantId, null, null);
  }

  /** At most {@code limit} collections (all when null) whose names sort after {@code after} (from the first when null). */
  public List<Collection> list(String tenantId, @Nullable String after, @Nullable Integer limit) {
    return tenants.inTenant(tenantId, () -> jdbc.sql("select * from collections where tenant_id = ? and name > ? order by name"
            + (limit == null ? "" : " limit " + limit))
        .params(tenantId, after == null ? "" : after).query(CollectionStore::map).list());
  }

  public Optional<Collection> find(String tenantId, String name) {
    return tenants.inTenant(tenantId, () -> jdbc.sql("select * from collections where tenant_id = ? and name = ?")
        .params(tenantId, name).query(CollectionStore::map).optional());
  }

  /** The collection with this id (the ingestion runner knows ids, not names). */
  public Optional<Collection> find(String tenantId, long id) {
    return tenants.inTenant(tenantId, () -> jdbc.sql("select * from collections where id = ? and tenant_id = ?")
        .params(id, tenantId).query(CollectionStore::map).optional());
  }

  /** The collection, or a 404 problem. */
  public Collection require(String tenantId, String name) {
    return find(tenantId, name).orElseThrow(() -> notFound(name));
  }

  public static ProblemException notFound(String name) {
    return ProblemException.notFound("collection-not-found", "No collection named '" + name + "'.");
  }

  public void delete(String tenantId, String name) {
    Optional<Long> deleted = tenants.inTenant(tenantId, () -> jdbc.sql("delete from collections where tenant_id = ? and name = ? returning id")
        .params(tenantId, name).query(Long.class).optional());
    if (deleted.isEmpty()) {
      throw notFound(name);
    }
    // a bulk-loaded collection's own HNSW graph goes with it (after the commit: DROP INDEX CONCURRENTLY)
    graphs.dropOwn(deleted.get());
  }

  private static Collection map(ResultSet rs, int row) throws SQLException {
    return new Collection(rs.getLong("id"), rs.getString("tenant_id"), rs.getString("name"), rs.getString("language"),
        rs.getString("embedding_model"), rs.getObject("created_at", OffsetDateTime.class), rs.getInt("document_count"),
        rs.getInt("chunk_count"), rs.getLong("total_terms"), new ChunkingSettings(rs.getString("chunk_strategy"),
            rs.getObject("parent_tokens", Integer.class), rs.getObject("child_tokens", Integer.class),
            rs.getObject("child_overlap_tokens", Integer.class)));
  }
}
