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
 * between recall and loading is left out. In a parent/child collection it also groups the fused children by parent
 * ({@link #groupByParent}) and a hit shows the parent's text with where its matching children are in it.
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

  /**
   * The fused children grouped by parent: one hit per parent, its best child's (the list is best first), at most
   * {@code limit}, with every child found of each kept parent, best first, by the representing child's id. A chunk
   * without parent stands alone.
   */
  ParentGroups groupByParent(String tenantId, List<FusedHit> fused, int limit) {
    Map<Long, Long> parentOf = new HashMap<>();
    tenants.runInTenant(tenantId, () -> jdbc.sql("select id, parent_id from chunks where id = any(?) and tenant_id = ?")
        .params(fused.stream().map(FusedHit::chunkId).toArray(Long[]::new), tenantId)
        .query(rs -> {
          long parent = rs.getLong(2);
          parentOf.put(rs.getLong(1), rs.wasNull() ? -rs.getLong(1) : parent);
        }));
    Map<Long, List<FusedHit>> byParent = new LinkedHashMap<>();
    for (FusedHit hit : fused) {
      Long parent = parentOf.get(hit.chunkId());
      if (parent == null) {
        continue; // deleted since recall
      }
      List<FusedHit> group = byParent.get(parent);
      if (group == null) {
        if (byParent.size() == limit) {
          continue; // only children of the kept parents from here on
        }
        byParent.put(parent, group = new ArrayList<>());
      }
      group.add(hit);
    }
    List<FusedHit> best = new ArrayList<>(byParent.size());
    Map<Long, List<FusedHit>> children = new HashMap<>();
    for (List<FusedHit> group : byParent.values()) {
      best.add(group.getFirst());
      children.put(group.getFirst().chunkId(), List.copyOf(group));
    }
    return new ParentGroups(best, children);
  }

  /** Fused hits one per parent, best first, and the matching children of each, by its first child's id. */
  record ParentGroups(List<FusedHit> best, Map<Long, List<FusedHit>> children) {
  }

  /**
   * The fused hits as rerank candidates: with their text (the parent's in a parent/child collection), and their
   * vector when {@code withVectors}.
   */
  List<RerankCandidate> rerankCandidates(String tenantId, List<FusedHit> head, boolean withVectors) {
    Long[] ids = head.stream().map(FusedHit::chunkId).toArray(Long[]::new);
    Map<Long, Object[]> rows = new HashMap<>();
    tenants.runInTenant(tenantId, () -> jdbc.sql("select c.id, coalesce(p.text, c.text), " + (withVectors ? "c.embedding::text" : "null")
            + " from chunks c left join chunk_parents p on p.id = c.parent_id and p.tenant_id = c.tenant_id"
            + " where c.id = any(?) and c.tenant_id = ?")
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
   * hits without score: text, document, title, metadata and, for a child, its parent's id. Ids that are gone are absent.
   */
  Map<Long, SearchResponse.Hit> rows(String tenantId, Long[] ids, @org.jspecify.annotations.Nullable Long collectionId) {
    Map<Long, SearchResponse.Hit> rows = new HashMap<>();
    load(tenantId, ids, collectionId, false).forEach((id, row) -> rows.put(id, row.hit()));
    return rows;
  }

  /** A chunk as loaded: as a hit without score, and for a child where it is in its parent ({@code hit.parentId}). */
  private record Row(SearchResponse.Hit hit, @org.jspecify.annotations.Nullable String parentText, int parentStart,
      int parentEnd) {
  }

  private Map<Long, Row> load(String tenantId, Long[] ids, @org.jspecify.annotations.Nullable Long collectionId,
      boolean withParents) {
    Map<Long, Row> rows = new HashMap<>();
    tenants.runInTenant(tenantId, () -> jdbc.sql(
            "select c.id, d.external_id, c.text, d.title, c.metadata::text, c.parent_id, c.parent_start, c.parent_end, "
            + (withParents ? "p.text" : "null") + " from chunks c join documents d on d.id = c.document_id"
            + (withParents ? " left join chunk_parents p on p.id = c.parent_id and p.tenant_id = c.tenant_id" : "")
            + " where c.id = any(?) and c.tenant_id = ? and (?::bigint is null or c.collection_id = ?::bigint)")
        .params(ids, tenantId, collectionId, collectionId)
        .query(rs -> {
          Map<String, Object> metadata = json.readValue(rs.getString(5), new TypeReference<Map<String, Object>>() { });
          long parent = rs.getLong(6);
          Long parentId = rs.wasNull() ? null : parent;
          rows.put(rs.getLong(1), new Row(new SearchResponse.Hit(rs.getLong(1), rs.getString(2), rs.getString(3),
              rs.getString(4), metadata, 0, null, parentId, null), rs.getString(9), rs.getInt(7), rs.getInt(8)));
        }));
    return rows;
  }

  /**
   * The hits of {@code top}, in its order; with the plan's {@code explain}, each hit's paths, fusion and rerank. With
   * {@code children} (a parent/child collection, see {@link #groupByParent}) a hit has its parent's text and the
   * matching children's places in it.
   */
  List<SearchResponse.Hit> hits(String tenantId, List<FusedHit> top, SearchPlan plan, Map<Long, Double> rerankScores,
      @org.jspecify.annotations.Nullable Map<Long, List<FusedHit>> children) {
    if (top.isEmpty()) {
      return List.of();
    }
    List<Long> ids = new ArrayList<>();
    for (FusedHit f : top) {
      ids.add(f.chunkId());
      if (children != null) {
        children.getOrDefault(f.chunkId(), List.of()).forEach(c -> ids.add(c.chunkId()));
      }
    }
    Map<Long, Row> rows = load(tenantId, ids.stream().distinct().toArray(Long[]::new), null, children != null);
    List<SearchResponse.Hit> hits = new ArrayList<>(top.size());
    for (int i = 0; i < top.size(); i++) {
      FusedHit f = top.get(i);
      Row loaded = rows.get(f.chunkId());
      if (loaded == null) {
        continue; // deleted between recall and loading
      }
      SearchResponse.Hit row = loaded.hit();
      Map<String, Object> explanation = null;
      if (plan.explain()) {
        explanation = new LinkedHashMap<>();
        explanation.put("paths", f.paths());
        explanation.put("fusion", f.formula());
        if (plan.reranker() != null && rerankScores.containsKey(f.chunkId())) {
          explanation.put("rerank", Map.of("strategy", plan.reranker().name(), "rank", i + 1, "score", rerankScores.get(f.chunkId())));
        }
      }
      if (children != null && loaded.parentText() != null) {
        List<SearchResponse.Match> matches = new ArrayList<>();
        for (FusedHit child : children.getOrDefault(f.chunkId(), List.of(f))) {
          Row c = rows.get(child.chunkId());
          if (c != null && row.parentId().equals(c.hit().parentId())) {
            matches.add(new SearchResponse.Match(child.chunkId(), c.parentStart(), c.parentEnd(), child.score()));
          }
        }
        if (explanation != null) {
          explanation.put("parent", Map.of("id", row.parentId(), "rankedBy", "its best matching child",
              "matchingChildren", matches.size()));
        }
        hits.add(new SearchResponse.Hit(row.chunkId(), row.documentId(), loaded.parentText(), row.title(), row.metadata(),
            f.score(), explanation, row.parentId(), matches));
      } else {
        hits.add(new SearchResponse.Hit(row.chunkId(), row.documentId(), row.text(), row.title(), row.metadata(), f.score(),
            explanation, row.parentId(), null));
      }
    }
    return hits;
  }
}
