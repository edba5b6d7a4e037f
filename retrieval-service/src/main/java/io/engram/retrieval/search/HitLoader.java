package io.engram.retrieval.search;

import io.engram.retrieval.fusion.FusedHit;
import io.engram.retrieval.rerank.RerankCandidate;
import io.engram.support.tenancy.TenantTransactions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads what a search shows of the chunks it found: the text (and, for MMR, the vector) of the candidates a
 * reranker looks at, and the hits the caller sees (text, document, title, metadata, explanation). A chunk deleted
 * between recall and loading is left out.
 */
@Component
class HitLoader {

  private final TenantTransactions tenants;
  private final JdbcClient jdbc;
  private final JsonMapper json;

  HitLoader(TenantTransactions tenants, JdbcClient jdbc, JsonMapper json) {
    this.tenants = tenants;
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The fused hits as rerank candidates: with their text, and their vector when {@code withVectors}. */
  List<RerankCandidate> rerankCandidates(String tenantId, List<FusedHit> head, boolean withVectors) {
    Long[] ids = head.stream().map(FusedHit::chunkId).toArray(Long[]::new);
    Map<Long, Object[]> rows = new HashMap<>();
    tenants.runInTenant(tenantId, () -> jdbc.sql("select id, text, " + (withVectors ? "embedding::text" : "null")
            + " from chunks where id = any(?) and tenant_id = ?")
        .params(ids, tenantId)
        .query(rs -> {
          rows.put(rs.getLong(1), new Object[] {rs.getString(2), rs.getString(3)});
        }));
    List<RerankCandidate> candidates = new ArrayList<>();
    for (FusedHit hit : head) {
      Object[] row = rows.get(hit.chunkId());
      candidates.add(new RerankCandidate(hit.chunkId(), row == null ? "" : (String) row[0], hit.score(),
          row == null || row[1] == null ? null : parseVector((String) row[1])));
    }
    return candidates;
  }

  static float[] parseVector(String text) {
    String body = text.substring(1, text.length() - 1);
    String[] parts = body.split(",");
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Float.parseFloat(parts[i]);
    }
    return v;
  }

  /**
   * The chunks with these ids the tenant has (only those of collection {@code collectionId} when given), by id, as
   * hits without score: text, document, title and metadata. Ids that are gone are absent.
   */
  Map<Long, SearchResponse.Hit> rows(String tenantId, Long[] ids, @org.jspecify.annotations.Nullable Long collectionId) {
    Map<Long, SearchResponse.Hit> rows = new HashMap<>();
    tenants.runInTenant(tenantId, () -> jdbc.sql("""
            select c.id, d.external_id, c.text, d.title, c.metadata::text from chunks c join documents d on d.id = c.document_id
            where c.id = any(?) and c.tenant_id = ? and (?::bigint is null or c.collection_id = ?::bigint)""")
        .params(ids, tenantId, collectionId, collectionId)
        .query(rs -> {
          Map<String, Object> metadata = json.readValue(rs.getString(5), new TypeReference<Map<String, Object>>() { });
          rows.put(rs.getLong(1), new SearchResponse.Hit(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              metadata, 0, null));
        }));
    return rows;
  }

  /** The hits of {@code top}, in its order; with the plan's {@code explain}, each hit's paths, fusion and rerank. */
  List<SearchResponse.Hit> hits(String tenantId, List<FusedHit> top, SearchPlan plan, Map<Long, Double> rerankScores) {
    if (top.isEmpty()) {
      return List.of();
    }
    Map<Long, SearchResponse.Hit> rows = rows(tenantId, top.stream().map(FusedHit::chunkId).toArray(Long[]::new), null);
    List<SearchResponse.Hit> hits = new ArrayList<>(top.size());
    for (int i = 0; i < top.size(); i++) {
      FusedHit f = top.get(i);
      SearchResponse.Hit row = rows.get(f.chunkId());
      if (row == null) {
        continue; // deleted between recall and loading
      }
      Map<String, Object> explanation = null;
      if (plan.explain()) {
        explanation = new LinkedHashMap<>();
        explanation.put("paths", f.paths());
        explanation.put("fusion", f.formula());
        if (plan.reranker() != null && rerankScores.containsKey(f.chunkId())) {
          explanation.put("rerank", Map.of("strategy", plan.reranker().name(), "rank", i + 1, "score", rerankScores.get(f.chunkId())));
        }
      }
      hits.add(new SearchResponse.Hit(row.chunkId(), row.documentId(), row.text(), row.title(), row.metadata(), f.score(), explanation));
    }
    return hits;
  }
}
