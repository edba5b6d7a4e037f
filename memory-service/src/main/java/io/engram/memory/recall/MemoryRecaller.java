package io.engram.memory.recall;

import com.pgvector.PGvector;
import io.engram.memory.config.MemoryProperties;
import io.engram.memory.extract.AttributeLexicon;
import io.engram.memory.extract.Terms;
import io.engram.memory.item.ItemRepository;
import io.engram.memory.item.MemoryItem;
import io.engram.memory.item.Provenance;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hybrid recall over the items valid at {@code asOf}: 1. candidates by vector (exact cosine) and by shared
 * lexical terms; 2. each candidate's lexical score is the IDF-weighted share of the query's terms it holds
 * (IDF over the eligible items, BM25's form: ln(1 + (N - df + 0.5) / (df + 0.5))); 3. fused score =
 * w * cosine + (1 - w) * lexical, w = {@code denseWeight}; ties by creation order. Query terms are expanded
 * with canonical attribute names ({@link AttributeLexicon}) because items carry theirs. Default recall (no
 * {@code asOf}) shows live items that no abstraction covers; with {@code asOf} it shows whatever was valid then.
 */
@Component
public class MemoryRecaller {

  static final int CANDIDATES = 60;

  private final JdbcClient jdbc;
  private final ItemRepository items;
  private final Vectors vectors;
  private final double denseWeight;

  public MemoryRecaller(JdbcClient jdbc, ItemRepository items, Vectors vectors, MemoryProperties properties) {
    this.jdbc = jdbc;
    this.items = items;
    this.vectors = vectors;
    this.denseWeight = properties.denseWeight();
  }

  /** Call inside a tenant transaction. */
  public List<RecalledItem> recall(String tenant, String namespace, RecallQuery q) {
    // 1. query terms (expanded with canonical attributes) and vector
    TreeSet<String> queryTerms = new TreeSet<>(Terms.of(q.query()));
    AttributeLexicon.mentioned(q.query()).forEach(a -> queryTerms.addAll(Terms.of(a)));
    PGvector vector = new PGvector(vectors.embedQuery(q.query()));
    String eligible = eligibility(q);
    List<Object> eligibleParams = eligibilityParams(tenant, namespace, q);

    // 2. candidates: nearest by vector, then by shared terms
    Map<UUID, Candidate> candidates = new LinkedHashMap<>();
    List<Object> params = new ArrayList<>();
    params.add(vector);
    params.addAll(eligibleParams);
    params.add(vector);
    params.add(CANDIDATES);
    jdbc.sql("select " + ItemRepository.COLUMNS + ", created_seq, 1 - (embedding <=> ?) as cosine from memory.items where "
            + eligible + " and embedding is not null order by embedding <=> ?, created_seq, statement limit ?")
        .params(params).query((rs, n) -> new Candidate(ItemRepository.itemMapper().mapRow(rs, n), rs.getLong("created_seq"),
            rs.getDouble("cosine"))).list()
        .forEach(c -> candidates.putIfAbsent(c.item.id(), c));
    String termArray = ItemRepository.pgArray(List.copyOf(queryTerms));
    if (!queryTerms.isEmpty()) {
      params = new ArrayList<>();
      params.add(vector);
      params.add(termArray);
      params.addAll(eligibleParams);
      params.add(termArray);
      params.add(CANDIDATES);
      jdbc.sql("select " + ItemRepository.COLUMNS + ", created_seq, 1 - (embedding <=> ?) as cosine,"
              + " (select count(*) from unnest(terms) t where t = any(?::text[])) as overlap from memory.items where "
              + eligible + " and terms && ?::text[] order by overlap desc, created_seq desc, statement limit ?")
          .params(params).query((rs, n) -> new Candidate(ItemRepository.itemMapper().mapRow(rs, n), rs.getLong("created_seq"),
              rs.getDouble("cosine"))).list()
          .forEach(c -> candidates.putIfAbsent(c.item.id(), c));
    }
    if (candidates.isEmpty()) {
      return List.of();
    }

    // 3. IDF over eligible items, lexical score, fusion
    Map<String, Double> idf = idf(eligible, eligibleParams, queryTerms);
    double idfTotal = idf.values().stream().mapToDouble(Double::doubleValue).sum();
    for (Candidate c : candidates.values()) {
      Set<String> have = new HashSet<>(c.item.terms());
      double matched = 0;
      for (String t : queryTerms) {
        if (have.contains(t)) {
          matched += idf.get(t);
          c.matched.add(t);
        }
      }
      c.lexical = idfTotal == 0 ? 0 : matched / idfTotal;
      c.score = denseWeight * c.cosine + (1 - denseWeight) * c.lexical;
    }
    List<Candidate> ranked = new ArrayList<>(candidates.values());
    ranked.sort(Comparator.comparingDouble((Candidate c) -> c.cosine).reversed().thenComparingLong(c -> c.seq));
    for (int i = 0; i < ranked.size(); i++) {
      ranked.get(i).denseRank = i + 1;
    }
    ranked.sort(Comparator.comparingDouble((Candidate c) -> c.lexical).reversed().thenComparingLong(c -> c.seq));
    for (int i = 0; i < ranked.size(); i++) {
      ranked.get(i).lexicalRank = i + 1;
    }
    ranked.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed().thenComparingLong(c -> -c.seq)
        .thenComparing(c -> c.item.statement()));
    List<Candidate> top = ranked.subList(0, Math.min(q.topK(), ranked.size()));

    // 4. provenance, use counts (heat)
    List<UUID> ids = top.stream().map(c -> c.item.id()).toList();
    Map<UUID, List<Provenance>> provenance = items.provenance(tenant, ids);
    items.markUsed(ids);
    List<RecalledItem> out = new ArrayList<>();
    for (Candidate c : top) {
      Map<String, Object> explanation = null;
      if (q.explain()) {
        explanation = new LinkedHashMap<>();
        explanation.put("dense", Map.of("cosine", round(c.cosine), "rank", c.denseRank));
        explanation.put("lexical", Map.of("score", round(c.lexical), "rank", c.lexicalRank, "matchedTerms", List.copyOf(c.matched)));
        explanation.put("fusion", "%.2f * cosine + %.2f * lexical = %.4f".formatted(denseWeight, 1 - denseWeight, c.score));
      }
      out.add(new RecalledItem(c.item, round(c.score), provenance.getOrDefault(c.item.id(), List.of()), explanation));
    }
    return out;
  }

  private Map<String, Double> idf(String eligible, List<Object> eligibleParams, Set<String> queryTerms) {
    Map<String, Double> idf = new HashMap<>();
    if (queryTerms.isEmpty()) {
      return idf;
    }
    long total = jdbc.sql("select count(*) from memory.items where " + eligible).params(eligibleParams).query(Long.class).single();
    Map<String, Long> df = new HashMap<>();
    List<Object> params = new ArrayList<>(eligibleParams);
    String termArray = ItemRepository.pgArray(List.copyOf(queryTerms));
    params.add(termArray);
    params.add(termArray);
    jdbc.sql("select t, count(*) from memory.items, unnest(terms) t where " + eligible
            + " and terms && ?::text[] and t = any(?::text[]) group by t")
        .params(params).query((java.sql.ResultSet rs) -> {
          df.put(rs.getString(1), rs.getLong(2));
        });
    for (String t : queryTerms) {
      long d = df.getOrDefault(t, 0L);
      idf.put(t, Math.log(1 + (total - d + 0.5) / (d + 0.5)));
    }
    return idf;
  }

  private static String eligibility(RecallQuery q) {
    String validity = q.asOf() == null ? "valid_to is null and not demoted"
        : "valid_from <= ? and (valid_to is null or valid_to > ?)";
    // with asOf, members folded under an abstraction count as stored (the abstraction may not have existed then)
    String archived = q.includeArchived() ? "" : q.asOf() == null ? " and not archived" : " and (not archived or demoted)";
    return "tenant_id = ? and namespace = ? and " + validity + archived;
  }

  private static List<Object> eligibilityParams(String tenant, String namespace, RecallQuery q) {
    List<Object> p = new ArrayList<>(List.of(tenant, namespace));
    if (q.asOf() != null) {
      p.add(Timestamp.from(q.asOf()));
      p.add(Timestamp.from(q.asOf()));
    }
    return p;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  private static final class Candidate {
    final MemoryItem item;
    final long seq;
    final double cosine;
    final List<String> matched = new ArrayList<>();
    double lexical;
    double score;
    int denseRank;
    int lexicalRank;

    Candidate(MemoryItem item, long seq, double cosine) {
      this.item = item;
      this.seq = seq;
      this.cosine = cosine;
    }
  }
}
