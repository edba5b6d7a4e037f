package io.engram.retrieval.recall;

import io.engram.retrieval.collection.Collection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Exact top-k BM25 by MaxScore (Turtle and Flood 1995), computed in PostgreSQL in two or three statements:
 * <ol>
 *   <li>each term's best postings by impact (the impact index read backwards, {@code limit k}): the first
 *   gives the term's largest possible contribution {@code M_t = w * idf * bound(max impact)}; the k-th best
 *   exact contribution of any one term is a lower bound {@code theta} of the k-th best final score (k chunks
 *   score at least that much);</li>
 *   <li>when the terms that theta leaves essential (below) would still read more than 2/16 of the query's
 *   postings: the k-th best partial score over the rarest terms alone (at most 1/16 of the postings), also a
 *   lower bound, since contributions are never negative;</li>
 *   <li>the terms are sorted by {@code M_t}; the longest run of the smallest whose {@code M_t} add up to
 *   less than {@code theta} are <em>non-essential</em>: a chunk holding only such terms cannot reach the
 *   top k, so their postings are not scanned to find candidates. One statement sums the essential terms'
 *   postings per chunk (partial scores), raises theta to the k-th best partial score, keeps the chunks whose
 *   partial score plus the non-essential bounds reach theta, and completes only those: by sorted primary-key
 *   lookups of the non-essential terms when they are few ({@link #LOOKUP_COST}), else by one scan of those
 *   terms' postings joined to them (a lookup costs many scanned postings here: an index descent and a heap
 *   page).</li>
 * </ol>
 * The top k of those completed chunks is the exact top k: every chunk scoring at least the k-th best score
 * is among them. What is read grows with the postings of the rare (essential) terms, not with the common
 * ones, which dominate a large collection. Scores are the same BM25 as {@link LexicalRecall}'s SQL (the
 * collection's current N and average length, live document frequencies); the impacts were computed with a
 * reference average length and {@link #bound} makes them a safe bound for the current one.
 */
final class MaxScoreBm25 {

  private static final Logger log = LoggerFactory.getLogger(MaxScoreBm25.class);

  /** Relative margin on the bounds and on theta: sums in another order differ in the last bits. */
  private static final double MARGIN = 1e-9;
  /** How many of a term's best postings a filtered query looks at to find k that pass the filter. */
  private static final int FILTERED_SAMPLE = 4;

  /**
   * The BM25 parameters of the query and the average length the impacts were computed with (equal k1 and b:
   * impacts are only used when the collection's reference k1 and b are the query's).
   */
  record Parameters(double k1, double b, double referenceAvgdl, double avgdl, double n) {
  }

  /** Float impacts are rounded; bounds are widened by this relative margin. */
  private static final double ROUNDING_MARGIN = 1e-6;

  /** Upper bound of {@code tf / (tf + k1 (1 - b + b dl / avgdl))} for a posting whose reference impact is at most {@code impact}. */
  static double bound(double impact, Parameters p) {
    if (impact >= 1) {
      return 1;
    }
    double widened = Math.min(1, impact * (1 + ROUNDING_MARGIN) + Float.MIN_NORMAL);
    // K(avgdl) >= r * K(reference) with r = min(1, reference / avgdl), so f <= 1 / (1 + r (1 / s - 1))
    double r = Math.min(1, p.referenceAvgdl() / p.avgdl());
    return 1 / (1 + r * (1 / widened - 1));
  }

  private final JdbcClient jdbc;

  /** {@link #PROBE_MIN} and {@link #LOOKUP_COST} but for tests. */
  private final long probeMin;
  private final long lookupCost;

  MaxScoreBm25(JdbcClient jdbc, long probeMin, long lookupCost) {
    this.jdbc = jdbc;
    this.probeMin = probeMin;
    this.lookupCost = lookupCost;
  }

  /** What the search needs of one query term. */
  private static final class Term {
    final int index;
    final String text;
    final double scale; // w * idf
    final int df;
    double max; // M_t: upper bound of the term's contribution to any chunk
    boolean essential = true;
    final List<Double> best = new ArrayList<>(); // exact contributions of its best postings by impact

    Term(int index, String text, double scale, int df) {
      this.index = index;
      this.text = text;
      this.scale = scale;
      this.df = df;
    }
  }

  /** What a search did (the debug log). */
  record Plan(int terms, int essential, long postings, long essentialPostings, double theta, double nonEssentialBound) {
  }

  private final AtomicLong searches = new AtomicLong();
  private final AtomicLong postingsSkipped = new AtomicLong();
  private final AtomicLong raisedByProbe = new AtomicLong();
  private final AtomicLong completedByScan = new AtomicLong();

  /**
   * Since start: searches run, the postings of their non-essential terms never scanned (the chunks to
   * complete were few enough for key lookups), searches whose theta the rarest terms' partial scores raised, and searches that completed
   * their chunks by scanning the non-essential terms' postings instead of key lookups (for tests).
   */
  long[] counters() {
    return new long[] {searches.get(), postingsSkipped.get(), raisedByProbe.get(), completedByScan.get()};
  }

  /**
   * The top {@code limit} chunks, or null when the caller must score every posting in SQL instead (a term
   * weight that is not positive: the bounds assume positive contributions).
   *
   * @param dfs document frequency of each term (0: absent)
   */
  List<Candidate> search(Collection collection, Map<String, Double> terms, Map<String, Integer> dfs, int limit,
      SqlFragment filter, Parameters p) {
    Map<String, Double> scales = LexicalRecall.scales(terms, dfs, p.n());
    if (scales == null) {
      return null;
    }
    List<Term> list = new ArrayList<>();
    for (Map.Entry<String, Double> e : scales.entrySet()) {
      list.add(new Term(list.size(), e.getKey(), e.getValue(), dfs.get(e.getKey())));
    }
    if (list.isEmpty() || limit <= 0) {
      return List.of();
    }
    boolean filtered = filter != SqlFragment.TRUE;
    long started = System.nanoTime();
    best(collection, list, limit, filter, p);
    long firstDone = System.nanoTime();
    // theta: the k-th best exact contribution of one term alone (k chunks score at least that)
    double theta = 0;
    for (Term t : list) {
      if (t.best.size() >= limit) {
        List<Double> sorted = new ArrayList<>(t.best);
        sorted.sort(Comparator.reverseOrder());
        theta = Math.max(theta, sorted.get(limit - 1));
      }
    }
    theta *= 1 - MARGIN;
    // a first, cheap lower bound from the partial scores over the rarest terms (largest bounds) alone
    long total = list.stream().mapToLong(t -> t.df).sum();
    double nonEssential = choose(list, theta);
    long essentialPostings = list.stream().filter(t -> t.essential).mapToLong(t -> t.df).sum();
    double firstTheta = theta;
    long budget = Math.max(probeMin, total / PROBE_SHARE);
    if (essentialPostings > 2 * budget) {
      List<Term> byMax = new ArrayList<>(list);
      byMax.sort(Comparator.comparingDouble((Term t) -> t.max).reversed());
      boolean[] probe = new boolean[list.size()];
      long probeSize = 0;
      for (Term t : byMax) {
        if (probeSize > 0 && probeSize + t.df > budget) {
          break;
        }
        probe[t.index] = true;
        probeSize += t.df;
      }
      double probed = kthPartial(collection, list, probe, limit, filter, p) * (1 - MARGIN);
      if (probed > theta) {
        theta = probed;
        raisedByProbe.incrementAndGet();
      }
      nonEssential = choose(list, theta);
    }
    double neBound = nonEssential * (1 + MARGIN) + Double.MIN_NORMAL;
    long scoring = System.nanoTime();
    long[] survivors = new long[1];
    long[] lookupsBelow = {Long.MAX_VALUE};
    List<Candidate> out = score(collection, list, limit, filtered ? filter : SqlFragment.TRUE, p, theta,
        nonEssential == 0 ? 0 : neBound, survivors, lookupsBelow);
    boolean scanned = survivors[0] >= lookupsBelow[0];
    if (scanned) {
      completedByScan.incrementAndGet();
    }
    long done = System.nanoTime();
    long essentialAfter = list.stream().filter(t -> t.essential).mapToLong(t -> t.df).sum();
    searches.incrementAndGet();
    if (!scanned) {
      postingsSkipped.addAndGet(total - essentialAfter);
    }
    if (log.isDebugEnabled()) {
      double last = out.size() == limit ? out.getLast().score() : 0;
      log.debug("bm25 maxscore: {} first theta {} final {} ideal essential postings {} survivors {} ms {} {} {}",
          new Plan(list.size(), (int) list.stream().filter(t -> t.essential).count(), total, essentialAfter, theta,
              nonEssential), firstTheta, last, idealEssential(list, last), survivors[0],
          (firstDone - started) / 1e6, (scoring - firstDone) / 1e6, (done - scoring) / 1e6);
    }
    return out;
  }

  private static long idealEssential(List<Term> list, double theta) {
    List<Term> byMax = new ArrayList<>(list);
    byMax.sort(Comparator.comparingDouble(t -> t.max));
    double sum = 0;
    long ess = 0;
    for (Term t : byMax) {
      sum += t.max;
      if (sum >= theta) {
        ess += t.df;
      }
    }
    return ess;
  }

  /**
   * Marks as non-essential the terms with the smallest bounds while their sum stays below {@code theta};
   * returns that sum.
   */
  private static double choose(List<Term> list, double theta) {
    List<Term> byMax = new ArrayList<>(list);
    byMax.sort(Comparator.comparingDouble(t -> t.max));
    double nonEssential = 0;
    boolean open = true;
    for (Term t : byMax) {
      double next = nonEssential + t.max;
      if (open && next * (1 + MARGIN) < theta) {
        nonEssential = next;
        t.essential = false;
      } else {
        open = false;
        t.essential = true;
      }
    }
    return nonEssential;
  }

  /** The k-th best partial score over the terms of {@code which} (0 when fewer chunks have one), filtered. */
  private double kthPartial(Collection collection, List<Term> list, boolean[] which, int limit, SqlFragment filter,
      Parameters p) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    partials(sql, params, collection, list, which, filter, p);
    sql.append("select f.partial from f order by f.partial desc offset ? limit 1");
    params.add(limit - 1);
    return jdbc.sql(sql.toString()).params(params).query(Double.class).optional().orElse(0.0);
  }

  /**
   * Appends the CTEs {@code q} (the terms: text, scale, essential) and {@code f} (per chunk that passes the
   * filter, the partial score over the terms of {@code which}).
   */
  private static void partials(StringBuilder sql, List<Object> params, Collection collection, List<Term> list,
      boolean[] which, SqlFragment filter, Parameters p) {
    String[] texts = list.stream().map(t -> t.text).toArray(String[]::new);
    Double[] scales = list.stream().map(t -> t.scale).toArray(Double[]::new);
    Boolean[] essential = list.stream().map(t -> which[t.index]).toArray(Boolean[]::new);
    sql.append("with q (term, scale, essential) as (select * from unnest(?::text[], ?::float8[], ?::bool[])),\n");
    params.addAll(List.of(texts, scales, essential));
    sql.append("e as (select p.chunk_id, sum(").append(CONTRIBUTION).append(") as partial\n");
    params.addAll(List.of(p.k1(), p.b(), p.b(), p.avgdl()));
    sql.append("  from q cross join lateral (select p.chunk_id, p.tf, p.dl from postings p\n");
    sql.append("    where p.collection_id = ? and p.term = q.term and p.tenant_id = ?) p\n");
    params.addAll(List.of(collection.id(), collection.tenantId()));
    sql.append("  where q.essential group by p.chunk_id),\n");
    if (filter != SqlFragment.TRUE) {
      sql.append("f as materialized (select e.chunk_id, e.partial from e join chunks c on c.id = e.chunk_id where ")
          .append(filter.sql()).append(")\n");
      params.addAll(filter.params());
    } else {
      sql.append("f as materialized (select e.chunk_id, e.partial from e)\n");
    }
  }

  /** A key lookup costs about as much as scanning this many postings (index descent plus a heap page). */
  static final long LOOKUP_COST = 40;
  private static final String CONTRIBUTION = "q.scale * p.tf / (p.tf + ? * (1 - ? + ? * p.dl / ?))";
  /** The first lower bound's statement reads at most 1/PROBE_SHARE of the query's postings (at least PROBE_MIN). */
  private static final long PROBE_SHARE = 16;
  static final long PROBE_MIN = 2_000;

  /**
   * Reads each term's best {@code limit} postings by reference impact (with a filter: those of its best
   * {@code FILTERED_SAMPLE * limit} that pass it), setting {@link Term#max} and {@link Term#best}.
   */
  private void best(Collection collection, List<Term> list, int limit, SqlFragment filter, Parameters p) {
    boolean filtered = filter != SqlFragment.TRUE;
    Integer[] indexes = list.stream().map(t -> t.index).toArray(Integer[]::new);
    String[] texts = list.stream().map(t -> t.text).toArray(String[]::new);
    String top = """
        select p.chunk_id, p.tf, p.dl, p.impact from postings p
        where p.collection_id = ? and p.term = q.term and p.tenant_id = ?
        order by p.impact desc, p.chunk_id desc
        limit ?""";
    List<Object> params = new ArrayList<>(List.of(indexes, texts));
    String sql;
    if (!filtered) {
      sql = "select q.i, p.tf, p.dl, p.impact, true from unnest(?::int[], ?::text[]) as q(i, term)\n"
          + "cross join lateral (" + top + ") p\n";
      params.addAll(List.of(collection.id(), collection.tenantId(), limit));
    } else {
      // the sample's first row gives the term's largest impact whether or not it passes the filter
      sql = "select q.i, p.tf, p.dl, p.impact, " + filter.sql() + " from unnest(?::int[], ?::text[]) as q(i, term)\n"
          + "cross join lateral (" + top + ") p\n"
          + "join chunks c on c.id = p.chunk_id\n";
      params.clear();
      params.addAll(filter.params());
      params.addAll(List.of(indexes, texts, collection.id(), collection.tenantId(), FILTERED_SAMPLE * limit));
    }
    Term[] byIndex = list.toArray(Term[]::new);
    float[] maxImpact = new float[list.size()];
    jdbc.sql(sql).params(params).query(rs -> {
      int i = rs.getInt(1);
      Term t = byIndex[i];
      maxImpact[i] = Math.max(maxImpact[i], rs.getFloat(4));
      if (rs.getBoolean(5) && t.best.size() < limit) {
        t.best.add(contribution(t.scale, rs.getInt(2), rs.getInt(3), p));
      }
    });
    for (Term t : list) {
      t.max = t.scale * bound(maxImpact[t.index], p);
    }
  }

  private static double contribution(double scale, int tf, int dl, Parameters p) {
    return scale * tf / (tf + p.k1() * (1 - p.b() + p.b() * dl / p.avgdl()));
  }

  /**
   * The MaxScore statement: partial scores over the essential terms' postings, theta raised to their k-th
   * best, the chunks that can still reach it completed with the non-essential terms, their top k.
   */
  private List<Candidate> score(Collection collection, List<Term> list, int limit, SqlFragment filter,
      Parameters p, double theta, double nonEssential, long[] survivors, long[] lookupsBelowOut) {
    boolean anyNonEssential = list.stream().anyMatch(t -> !t.essential);
    boolean[] which = new boolean[list.size()];
    list.forEach(t -> which[t.index] = t.essential);
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    partials(sql, params, collection, list, which, filter, p);
    sql.append(", th as (select greatest(?::float8, coalesce((select f.partial from f order by f.partial desc offset ? limit 1), 0) * ?) as theta)\n");
    params.addAll(List.of(theta, limit - 1, 1 - MARGIN));
    if (anyNonEssential) {
      // the chunks that can still reach theta, completed with the non-essential terms: by key lookups
      // (sorted, one index descent each) when they are few, else by one scan of those terms' postings joined
      // to them; the two branches are gated on the count, so only one runs
      long nonEssentialPostings = list.stream().filter(t -> !t.essential).mapToLong(t -> t.df).sum();
      long nonEssentialTerms = list.stream().filter(t -> !t.essential).count();
      long lookupsBelow = Math.max(1, nonEssentialPostings / (lookupCost * nonEssentialTerms));
      lookupsBelowOut[0] = lookupsBelow;
      sql.append(", s as materialized (select f.chunk_id, f.partial from f cross join th where f.partial + ? >= th.theta),\n");
      params.add(nonEssential);
      sql.append("n as (select count(*) as n, array_agg(s.chunk_id order by s.chunk_id) as ids from s),\n");
      sql.append("x as (select p.chunk_id, sum(").append(CONTRIBUTION).append(") as s from q cross join lateral (\n");
      params.addAll(List.of(p.k1(), p.b(), p.b(), p.avgdl()));
      sql.append("    select p.chunk_id, p.tf, p.dl from postings p where p.collection_id = ? and p.term = q.term\n");
      sql.append("      and p.chunk_id = any((select n.ids from n)::bigint[]) and p.tenant_id = ?) p\n");
      params.addAll(List.of(collection.id(), collection.tenantId()));
      sql.append("  where not q.essential and (select n.n from n) < ? group by p.chunk_id\n");
      params.add(lookupsBelow);
      sql.append("  union all\n");
      // (offset 0: scanned once and hashed, not looked up chunk by chunk)
      sql.append("  select p.chunk_id, sum(p.scale * p.tf / (p.tf + ? * (1 - ? + ? * p.dl / ?))) as s from (\n");
      params.addAll(List.of(p.k1(), p.b(), p.b(), p.avgdl()));
      sql.append("    select q.scale, p.chunk_id, p.tf, p.dl from q cross join lateral (select p.chunk_id, p.tf, p.dl from postings p\n");
      sql.append("      where p.collection_id = ? and p.term = q.term and p.tenant_id = ?) p\n");
      params.addAll(List.of(collection.id(), collection.tenantId()));
      sql.append("    where not q.essential and (select n.n from n) >= ? offset 0) p\n");
      params.add(lookupsBelow);
      sql.append("  join s on s.chunk_id = p.chunk_id group by p.chunk_id)\n");
      sql.append("select s.chunk_id, s.partial + coalesce(x.s, 0) as score, (select n.n from n) from s left join x on x.chunk_id = s.chunk_id\n");
      sql.append("order by score desc, s.chunk_id limit ?");
    } else {
      sql.append("select f.chunk_id, f.partial as score, count(*) over () from f cross join th where f.partial >= th.theta\n");
      sql.append("order by score desc, f.chunk_id limit ?");
    }
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params)
        .query((rs, row) -> {
          survivors[0] = rs.getLong(3);
          return new Candidate(rs.getLong(1), rs.getDouble(2));
        }).list();
  }
}
