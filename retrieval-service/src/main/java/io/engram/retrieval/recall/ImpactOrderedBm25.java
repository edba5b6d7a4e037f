package io.engram.retrieval.recall;

import io.engram.retrieval.collection.Collection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Exact top-k BM25 that stops reading postings once no unread posting can enter the top k: each term's
 * postings are read best impact first (an index on {@code (collection, term, impact, chunk)} read
 * backwards, page by page, one statement per round for all terms), in the manner of the threshold
 * algorithm (Fagin, Lotem and Naor 2001) over impact-ordered lists (Anh and Moffat 2006), with MaxScore's
 * essential-list rule (Turtle and Flood 1995) deciding which lists must still be read:
 * <ol>
 *   <li>a term's unread postings score at most {@code w * idf * bound(last impact read)};</li>
 *   <li>theta is the k-th best partial score seen so far (a lower bound of the k-th final score);</li>
 *   <li>terms whose bounds add up to less than theta (cheapest first) are no longer read: a chunk found
 *   only in them cannot reach theta; the other lists are read on until they end or join them;</li>
 *   <li>candidates whose partial score plus the bounds of their unseen terms reach theta are completed
 *   by looking their missing postings up (primary key), best bound first, theta rising as they
 *   complete; the rest cannot enter the top k.</li>
 * </ol>
 * Scores are the same BM25 as {@link LexicalRecall}'s SQL, from the collection's current N and average
 * length and the live document frequencies; impacts were computed with a reference average length, and
 * {@link #bound} turns an impact into a safe upper bound for the current one, so drift costs speed, never
 * exactness.
 */
final class ImpactOrderedBm25 {

  private static final Logger log = LoggerFactory.getLogger(ImpactOrderedBm25.class);

  /** Float impacts are rounded; bounds are widened by this relative margin. */
  private static final double ROUNDING_MARGIN = 1e-6;
  private static final int MAX_PAGE = 65_536;

  private final JdbcClient jdbc;

  ImpactOrderedBm25(JdbcClient jdbc, double giveUpAbove) {
    this.jdbc = jdbc;
    this.giveUpAbove = giveUpAbove;
  }

  /** What the search needs of one query term. */
  private static final class Term {
    final int index;
    final String text;
    final double scale; // w * idf
    float lastImpact = 2f; // above every impact (at most 1)
    long lastChunk = Long.MAX_VALUE;
    boolean exhausted;
    boolean dropped; // no longer read: unseen chunks cannot reach theta through it
    double bound; // upper bound of an unread posting's contribution

    final int df;
    int read;

    Term(int index, String text, double scale, int df) {
      this.index = index;
      this.text = text;
      this.scale = scale;
      this.bound = scale;
      this.df = df;
    }

    boolean open() {
      return !exhausted;
    }
  }

  /** A chunk's partial score and which terms have been seen for it. */
  private static final class Accumulator {
    final long chunkId;
    double score;
    final long[] seen;

    Accumulator(long chunkId, int terms) {
      this.chunkId = chunkId;
      this.seen = new long[(terms + 63) / 64];
    }

    boolean saw(int term) {
      return (seen[term >>> 6] & (1L << term)) != 0;
    }

    void add(int term, double contribution) {
      seen[term >>> 6] |= 1L << term;
      score += contribution;
    }
  }

  /** Reference parameters of the impacts and the BM25 parameters of the query (equal k1 and b). */
  record Parameters(double k1, double b, double referenceAvgdl, double avgdl, double n) {
  }

  /**
   * After the first round, the share of the query's postings still to read above which reading on would cost
   * more than scoring every posting in one statement: the caller then does that (same ranking).
   */
  private final double giveUpAbove;

  /**
   * The top {@code limit} chunks, or null when the caller must score every posting in SQL instead: a term
   * weight is not positive (the bounds assume it), or the first round pruned too little to pay off.
   *
   * @param dfs document frequency of each term (0: absent)
   */
  List<Candidate> search(Collection collection, Map<String, Double> terms, Map<String, Integer> dfs, int limit,
      SqlFragment filter, Parameters p) {
    List<Term> list = new ArrayList<>();
    for (Map.Entry<String, Double> e : terms.entrySet()) {
      int df = dfs.getOrDefault(e.getKey(), 0);
      if (df == 0) {
        continue;
      }
      if (!(e.getValue() > 0)) {
        return null;
      }
      double idf = Math.log(1 + (p.n() - df + 0.5) / (df + 0.5));
      list.add(new Term(list.size(), e.getKey(), e.getValue() * idf, df));
    }
    if (list.isEmpty()) {
      return List.of();
    }
    Map<Long, Accumulator> accumulators = new HashMap<>();
    int page = Math.max(256, 4 * limit);
    double theta = 0;
    boolean first = true;
    long total = list.stream().mapToLong(t -> t.df).sum();
    int rounds = 0;
    while (true) {
      List<Term> reading = list.stream().filter(t -> t.open() && !t.dropped).toList();
      if (reading.isEmpty()) {
        break;
      }
      readPage(collection, reading, page, filter, p, accumulators, list.size());
      rounds++;
      page = Math.min(MAX_PAGE, page * 2);
      theta = kthBest(accumulators, limit);
      dropInessential(list, theta);
      if (first) {
        first = false;
        long left = list.stream().filter(t -> t.open() && !t.dropped).mapToLong(t -> Math.max(0, t.df - t.read)).sum();
        if (left > giveUpAbove * total) {
          log.debug("bm25 gave up after round 1: {} of {} postings left", left, total);
          return null;
        }
      }
    }
    // complete the candidates that can still reach theta, best upper bound first
    List<Term> open = list.stream().filter(Term::open).toList();
    List<Accumulator> candidates = new ArrayList<>();
    for (Accumulator a : accumulators.values()) {
      if (upperBound(a, open) >= theta) {
        candidates.add(a);
      }
    }
    candidates.sort(Comparator.comparingDouble((Accumulator a) -> upperBound(a, open)).reversed());
    int batch = Math.max(64, 2 * limit);
    PriorityQueue<Double> best = new PriorityQueue<>(); // the exact scores of completed candidates: k best
    for (int from = 0; from < candidates.size(); from += batch) {
      List<Accumulator> slice = new ArrayList<>();
      for (Accumulator a : candidates.subList(from, Math.min(candidates.size(), from + batch))) {
        if (upperBound(a, open) >= theta) {
          slice.add(a);
        }
      }
      if (slice.isEmpty()) {
        break; // sorted by bound: none after can reach theta either
      }
      complete(collection, slice, open, p);
      for (Accumulator a : slice) {
        best.add(a.score);
        if (best.size() > limit) {
          best.poll();
        }
      }
      if (best.size() == limit) {
        theta = Math.max(theta, best.peek());
      }
    }
    if (log.isDebugEnabled()) {
      log.debug("bm25 {} terms: {} rounds, {} of {} postings read, {} candidates to complete, {} dropped lists",
          list.size(), rounds, list.stream().mapToLong(t -> t.read).sum(), total, candidates.size(),
          list.stream().filter(t -> t.dropped).count());
    }
    List<Candidate> out = new ArrayList<>();
    for (Accumulator a : accumulators.values()) {
      if (a.score > 0 && (open.isEmpty() || complete(a, open))) {
        // sums taken in reading order differ in the last bits between chunks with equal postings: round
        // so that equal scores tie and the chunk id decides, as in SQL
        out.add(new Candidate(a.chunkId, canonical(a.score)));
      }
    }
    out.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparingLong(Candidate::chunkId));
    return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
  }

  static double canonical(double score) {
    return Math.round(score * 1e12) / 1e12;
  }

  private static boolean complete(Accumulator a, List<Term> open) {
    for (Term t : open) {
      if (!a.saw(t.index)) {
        return false;
      }
    }
    return true;
  }

  private static double upperBound(Accumulator a, List<Term> open) {
    double bound = a.score;
    for (Term t : open) {
      if (!a.saw(t.index)) {
        bound += t.bound;
      }
    }
    return bound;
  }

  /**
   * Stops reading the cheapest lists while the bounds of every list no longer read (dropped earlier or now)
   * add up to less than theta: a chunk seen in none of the lists still read cannot reach theta.
   */
  private static void dropInessential(List<Term> terms, double theta) {
    double sum = 0;
    List<Term> reading = new ArrayList<>();
    for (Term t : terms) {
      if (t.open() && t.dropped) {
        sum += t.bound;
      } else if (t.open()) {
        reading.add(t);
      }
    }
    reading.sort(Comparator.comparingDouble(t -> t.bound));
    for (Term t : reading) {
      sum += t.bound;
      if (sum < theta) {
        t.dropped = true;
      } else {
        break;
      }
    }
  }

  private static double kthBest(Map<Long, Accumulator> accumulators, int k) {
    if (accumulators.size() < k) {
      return 0;
    }
    PriorityQueue<Double> heap = new PriorityQueue<>(k + 1);
    for (Accumulator a : accumulators.values()) {
      if (heap.size() < k) {
        heap.add(a.score);
      } else if (a.score > heap.peek()) {
        heap.poll();
        heap.add(a.score);
      }
    }
    return heap.peek();
  }

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

  private static double contribution(Term t, int tf, int dl, Parameters p) {
    return t.scale * tf / (tf + p.k1() * (1 - p.b() + p.b() * dl / p.avgdl()));
  }

  private void readPage(Collection collection, List<Term> reading, int page, SqlFragment filter, Parameters p,
      Map<Long, Accumulator> accumulators, int termCount) {
    boolean filtered = filter != SqlFragment.TRUE;
    String sql = """
        select q.i, p.chunk_id, p.tf, p.dl, p.impact
        from unnest(?::int[], ?::text[], ?::real[], ?::bigint[]) as q(i, term, after_impact, after_chunk)
        cross join lateral (
          select p.chunk_id, p.tf, p.dl, p.impact from postings p
        """ + (filtered ? "  join chunks c on c.id = p.chunk_id and " + filter.sql() + "\n" : "") + """
          where p.collection_id = ? and p.term = q.term and p.tenant_id = ?
            and (p.impact, p.chunk_id) < (q.after_impact, q.after_chunk)
          order by p.impact desc, p.chunk_id desc
          limit ?
        ) p
        """;
    Integer[] indexes = new Integer[reading.size()];
    String[] texts = new String[reading.size()];
    Float[] impacts = new Float[reading.size()];
    Long[] chunks = new Long[reading.size()];
    for (int i = 0; i < reading.size(); i++) {
      Term t = reading.get(i);
      indexes[i] = t.index;
      texts[i] = t.text;
      impacts[i] = t.lastImpact;
      chunks[i] = t.lastChunk;
    }
    List<Object> params = new ArrayList<>(List.of(indexes, texts, impacts, chunks));
    if (filtered) {
      params.addAll(filter.params());
    }
    params.add(collection.id());
    params.add(collection.tenantId());
    params.add(page);
    Term[] byIndex = new Term[termCount];
    reading.forEach(t -> byIndex[t.index] = t);
    int[] read = new int[termCount];
    jdbc.sql(sql).params(params).query(rs -> {
      Term t = byIndex[rs.getInt(1)];
      long chunk = rs.getLong(2);
      int tf = rs.getInt(3);
      int dl = rs.getInt(4);
      float impact = rs.getFloat(5);
      accumulators.computeIfAbsent(chunk, c -> new Accumulator(c, termCount)).add(t.index, contribution(t, tf, dl, p));
      // rows of one term arrive in descending order
      t.lastImpact = impact;
      t.lastChunk = chunk;
      read[t.index]++;
    });
    for (Term t : reading) {
      t.read += read[t.index];
      if (read[t.index] < page) {
        t.exhausted = true;
        t.bound = 0;
      } else {
        t.bound = t.scale * bound(t.lastImpact, p);
      }
    }
  }

  /** Looks up the missing postings of {@code slice} in the open terms, making their scores exact. */
  private void complete(Collection collection, List<Accumulator> slice, List<Term> open, Parameters p) {
    List<String> missingTerms = new ArrayList<>();
    Map<String, Term> byText = new HashMap<>();
    for (Term t : open) {
      for (Accumulator a : slice) {
        if (!a.saw(t.index)) {
          missingTerms.add(t.text);
          byText.put(t.text, t);
          break;
        }
      }
    }
    if (missingTerms.isEmpty()) {
      return;
    }
    Map<Long, Accumulator> byChunk = new HashMap<>();
    slice.forEach(a -> byChunk.put(a.chunkId, a));
    Long[] ids = slice.stream().map(a -> a.chunkId).toArray(Long[]::new);
    Arrays.sort(ids);
    jdbc.sql("""
            select p.chunk_id, p.term, p.tf, p.dl from postings p
            where p.collection_id = ? and p.term = any(?) and p.chunk_id = any(?) and p.tenant_id = ?""")
        .params(collection.id(), missingTerms.toArray(String[]::new), ids, collection.tenantId())
        .query(rs -> {
          Accumulator a = byChunk.get(rs.getLong(1));
          Term t = byText.get(rs.getString(2));
          if (!a.saw(t.index)) {
            a.add(t.index, contribution(t, rs.getInt(3), rs.getInt(4), p));
          }
        });
    // a lookup that found nothing means the chunk does not have the term: mark it seen with 0
    for (Accumulator a : slice) {
      for (Term t : open) {
        if (!a.saw(t.index)) {
          a.add(t.index, 0);
        }
      }
    }
  }
}
