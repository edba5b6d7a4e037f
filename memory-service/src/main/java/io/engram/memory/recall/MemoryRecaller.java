package io.engram.memory.recall;

import com.pgvector.PGvector;
import io.engram.memory.config.MemoryProperties;
import io.engram.memory.extract.AttributeLexicon;
import io.engram.memory.extract.Signature;
import io.engram.memory.extract.Terms;
import io.engram.text.embedding.Cosine;
import io.engram.memory.item.ItemRepository;
import io.engram.memory.item.MemoryItem;
import io.engram.memory.item.Provenance;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hybrid recall over the items valid at {@code asOf}: 1. candidates by vector (exact cosine) and by shared
 * lexical terms; 2. each candidate's lexical score is the IDF-weighted share of the query's terms it holds
 * (IDF over the eligible items, BM25's form: ln(1 + (N - df + 0.5) / (df + 0.5))); 3. fused score =
 * w * cosine + (1 - w) * lexical, w = {@code denseWeight}; ties by creation order. Query terms are expanded
 * with canonical attribute names ({@link AttributeLexicon}) because items carry theirs. Default recall (no
 * {@code asOf}) shows live items that no abstraction covers; with {@code asOf} it shows whatever was valid then. Two
 * candidates that compete (reports of one thing that disagree) rank the later first, unless the question names the
 * earlier one's period. Each recall is observed as {@value #RECALL} (a timer, and a span of the request's trace).
 */
@Component
public class MemoryRecaller {

  static final int CANDIDATES = 60;
  public static final String RECALL = "engram.memory.recall";

  private final JdbcClient jdbc;
  private final ItemRepository items;
  private final Vectors vectors;
  private final double denseWeight;
  private final ObservationRegistry observations;

  public MemoryRecaller(JdbcClient jdbc, ItemRepository items, Vectors vectors, MemoryProperties properties,
      ObjectProvider<ObservationRegistry> observations) {
    this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    this.jdbc = jdbc;
    this.items = items;
    this.vectors = vectors;
    this.denseWeight = properties.denseWeight();
  }

  /** Call inside a tenant transaction. */
  public List<RecalledItem> recall(String tenant, String namespace, RecallQuery q) {
    return Observation.createNotStarted(RECALL, observations).contextualName("memory recall")
        .observe(() -> recallItems(tenant, namespace, q));
  }

  private List<RecalledItem> recallItems(String tenant, String namespace, RecallQuery q) {
    // 1. query terms (expanded with canonical attributes) and vector
    TreeSet<String> queryTerms = new TreeSet<>(Terms.of(q.query()));
    AttributeLexicon.mentioned(q.query()).forEach(a -> queryTerms.addAll(Terms.of(a)));
    PGvector vector = new PGvector(vectors.embedQuery(q.query()));
    String eligible = eligibility(q);
    List<Object> eligibleParams = eligibilityParams(tenant, namespace, q);

    // 2. candidates: nearest by vector, then by shared terms
    Map<UUID, Candidate> candidates = new LinkedHashMap<>();
    List<Object> params = new ArrayList<>();
    String model = vectors.modelFor(q.query());
    params.add(vector);
    params.addAll(eligibleParams);
    params.add(model);
    params.add(vector);
    params.add(CANDIDATES);
    jdbc.sql("select " + ItemRepository.COLUMNS + ", created_seq, embedding::text as vec, 1 - (embedding <=> ?) as cosine from memory.items where "
            + eligible + " and model = ? and embedding is not null order by embedding <=> ?, created_seq, statement limit ?")
        .params(params).query((rs, n) -> new Candidate(ItemRepository.itemMapper().mapRow(rs, n), rs.getLong("created_seq"),
            rs.getDouble("cosine"), rs.getString("vec"))).list()
        .forEach(c -> candidates.putIfAbsent(c.item.id(), c));
    String termArray = ItemRepository.pgArray(List.copyOf(queryTerms));
    if (!queryTerms.isEmpty()) {
      params = new ArrayList<>();
      params.add(model);
      params.add(vector);
      params.add(termArray);
      params.addAll(eligibleParams);
      params.add(termArray);
      params.add(CANDIDATES);
      jdbc.sql("select " + ItemRepository.COLUMNS + ", created_seq, embedding::text as vec,"
              + " case when model = ? then 1 - (embedding <=> ?) else 0 end as cosine,"
              + " (select count(*) from unnest(terms) t where t = any(?::text[])) as overlap from memory.items where "
              + eligible + " and terms && ?::text[] order by overlap desc, created_seq desc, statement limit ?")
          .params(params).query((rs, n) -> new Candidate(ItemRepository.itemMapper().mapRow(rs, n), rs.getLong("created_seq"),
              rs.getDouble("cosine"), rs.getString("vec"))).list()
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
    newestFirst(ranked, Set.copyOf(Signature.of(q.query()).times()));
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
        explanation.put("fusion", "%.2f * cosine + %.2f * lexical".formatted(denseWeight, 1 - denseWeight));
        if (c.demotedBy != null) {
          explanation.put("newerReport", Map.of("itemId", c.demotedBy.toString(),
              "note", "an item valid from later disagrees on a name, figure or time: it ranks first"));
        }
      }
      out.add(new RecalledItem(c.item, round(c.score), provenance.getOrDefault(c.item.id(), List.of()), explanation));
    }
    return out;
  }

  /**
   * Among the best candidates, two that compete (close in meaning, about the same named subject, and disagreeing on a
   * name, figure or time) are two reports of one thing at different times: the one valid from later ranks first, so
   * that a question in the present tense gets the latest report even when the write path kept both.
   */
  static void newestFirst(List<Candidate> ranked, Set<String> askedTimes) {
    int m = Math.min(COMPETING_WINDOW, ranked.size());
    for (int i = 0; i < m; i++) {
      Candidate a = ranked.get(i);
      for (int j = i + 1; j < m; j++) {
        Candidate b = ranked.get(j);
        Candidate older = a.item.validFrom().isBefore(b.item.validFrom()) ? a : b.item.validFrom().isBefore(a.item.validFrom()) ? b : null;
        if (older == null || older.score < (older == a ? b : a).score || !competing(a, b)) {
          continue;
        }
        Candidate newer = older == a ? b : a;
        if (!askedTimes.isEmpty() && holdsAny(older, askedTimes) && !holdsAny(newer, askedTimes)) {
          continue; // the question names the older one's period ("in the first quarter")
        }
        older.score = newer.score - 1e-4;
        older.demotedBy = newer.item.id();
      }
    }
  }

  private static boolean holdsAny(Candidate c, Set<String> times) {
    return c.signature().times().stream().anyMatch(times::contains);
  }

  static final int COMPETING_WINDOW = 30;
  static final double COMPETING_COSINE = 0.6;

  static boolean competing(Candidate a, Candidate b) {
    float[] va = a.vector();
    float[] vb = b.vector();
    if (Cosine.of(va, vb) < COMPETING_COSINE) {
      return false;
    }
    Signature sa = a.signature();
    Signature sb = b.signature();
    Set<String> shared = new HashSet<>(sa.nameWords());
    shared.retainAll(sb.words());
    return !shared.isEmpty() && (!sa.compatibleWith(sb) || sa.namesMore(sb) || sb.namesMore(sa));
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
    if (q.knownAt() != null) {
      // what the store believed at system time knownAt: items recorded by then, closed only if closed by then; folding
      // and archiving are storage decisions, not beliefs, so they do not hide anything here
      String closedThen = "valid_to is not null and closed_at is not null and closed_at <= ?";
      String validity = q.asOf() == null ? "not (" + closedThen + ")"
          : "valid_from <= ? and (valid_to is null or valid_to > ? or not (" + closedThen + "))";
      return "tenant_id = ? and namespace = ? and kind <> 'abstraction' and recorded_at <= ? and " + validity;
    }
    String validity = q.asOf() == null ? "valid_to is null and not demoted"
        : "valid_from <= ? and (valid_to is null or valid_to > ?)";
    // with asOf, members folded under an abstraction count as stored (the abstraction may not have existed then)
    String archived = q.includeArchived() ? "" : q.asOf() == null ? " and not archived" : " and (not archived or demoted)";
    return "tenant_id = ? and namespace = ? and " + validity + archived;
  }

  private static List<Object> eligibilityParams(String tenant, String namespace, RecallQuery q) {
    List<Object> p = new ArrayList<>(List.of(tenant, namespace));
    if (q.knownAt() != null) {
      Timestamp known = Timestamp.from(q.knownAt());
      p.add(known);
      if (q.asOf() != null) {
        p.add(Timestamp.from(q.asOf()));
        p.add(Timestamp.from(q.asOf()));
      }
      p.add(known);
      return p;
    }
    if (q.asOf() != null) {
      p.add(Timestamp.from(q.asOf()));
      p.add(Timestamp.from(q.asOf()));
    }
    return p;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  static final class Candidate {
    final MemoryItem item;
    final long seq;
    final double cosine;
    final String vectorText;
    final List<String> matched = new ArrayList<>();
    double lexical;
    double score;
    int denseRank;
    int lexicalRank;
    UUID demotedBy;
    private float[] vector;
    private Signature signature;

    Candidate(MemoryItem item, long seq, double cosine, String vectorText) {
      this.item = item;
      this.seq = seq;
      this.cosine = cosine;
      this.vectorText = vectorText;
    }

    float[] vector() {
      if (vector == null && vectorText != null) {
        try {
          vector = new PGvector(vectorText).toArray();
        } catch (java.sql.SQLException e) {
          return null;
        }
      }
      return vector;
    }

    Signature signature() {
      if (signature == null) {
        signature = Signature.of(item.statement());
      }
      return signature;
    }
  }
}
