package io.engram.retrieval.recall;

import io.engram.retrieval.collection.Collection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Exact BM25 scored in the service: the packed terms' postings read as blocks ({@link PackedPostings}), the other
 * terms' (each rarer than the packing threshold) as rows, every posting scored with the collection's current N,
 * average length and document frequencies, exactly the SQL's formula ({@link LexicalRecall#searchBySql}), summed per
 * chunk; the top k by score, then chunk id. Nothing is skipped, so the ranking is the SQL's whatever the drift; what
 * it saves is the per-posting cost of PostgreSQL's executor (an index tuple read and a hash-aggregate step, about a
 * microsecond, against a few nanoseconds to decode and add here). Runs inside the caller's tenant transaction; metadata
 * filters are not handled here (the caller takes another path).
 */
final class PackedBm25 {

  private final JdbcClient jdbc;
  private final AtomicLong searches = new AtomicLong();

  PackedBm25(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Searches run since start (tests). */
  long searches() {
    return searches.get();
  }

  /**
   * The top {@code limit} chunks, or null when a term weight is not a positive finite number (the caller's SQL handles
   * any weight).
   *
   * @param dfs    each term's document frequency (0: absent)
   * @param packed the terms whose packed blocks are fresh; the others are read as rows
   * @param n      the collection's chunk count
   * @param avgdl  its average chunk length
   */
  List<Candidate> search(Collection collection, Map<String, Double> terms, Map<String, Integer> dfs,
      java.util.Set<String> packed, int limit, double k1, double b, double n, double avgdl) {
    Map<String, Double> scale = LexicalRecall.scales(terms, dfs, n);
    if (scale == null) {
      return null;
    }
    List<String> blockTerms = new ArrayList<>();
    List<String> rowTerms = new ArrayList<>();
    long postings = 0;
    for (String term : scale.keySet()) {
      (packed.contains(term) ? blockTerms : rowTerms).add(term);
      postings += dfs.get(term);
    }
    if (scale.isEmpty() || limit <= 0) {
      return List.of();
    }
    searches.incrementAndGet();
    Scores scores = new Scores((int) Math.min(postings, (long) Math.max(n, 16)));
    double lengthPart = k1 * b / avgdl;
    double fixedPart = k1 * (1 - b);
    if (!blockTerms.isEmpty()) {
      jdbc.sql("select term, data from packed_blocks where collection_id = ? and tenant_id = ? and term = any(?)")
          .params(collection.id(), collection.tenantId(), blockTerms.toArray(String[]::new))
          .query(rs -> {
            double s = scale.get(rs.getString(1));
            PostingBlocks.decode(rs.getBytes(2),
                (chunk, tf, dl) -> scores.add(chunk, s * tf / (tf + (fixedPart + lengthPart * dl))));
          });
    }
    if (!rowTerms.isEmpty()) {
      jdbc.sql("select term, chunk_id, tf, dl from postings where collection_id = ? and tenant_id = ? and term = any(?)")
          .params(collection.id(), collection.tenantId(), rowTerms.toArray(String[]::new))
          .query(rs -> {
            int tf = rs.getInt(3);
            scores.add(rs.getLong(2), scale.get(rs.getString(1)) * tf / (tf + (fixedPart + lengthPart * rs.getInt(4))));
          });
    }
    return scores.top(limit);
  }

  /** Sums per chunk: open addressing over chunk ids (linear probing), sized for the postings to come. */
  static final class Scores {
    private long[] keys;
    private double[] values;
    private boolean[] used;
    private int size;
    private int mask;

    Scores(int expected) {
      int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
      keys = new long[capacity];
      values = new double[capacity];
      used = new boolean[capacity];
      mask = capacity - 1;
    }

    private static int hash(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }

    void add(long key, double value) {
      int i = hash(key) & mask;
      while (used[i]) {
        if (keys[i] == key) {
          values[i] += value;
          return;
        }
        i = (i + 1) & mask;
      }
      used[i] = true;
      keys[i] = key;
      values[i] = value;
      if (++size * 2 > keys.length) {
        grow();
      }
    }

    private void grow() {
      long[] oldKeys = keys;
      double[] oldValues = values;
      boolean[] oldUsed = used;
      keys = new long[oldKeys.length * 2];
      values = new double[oldKeys.length * 2];
      used = new boolean[oldKeys.length * 2];
      mask = keys.length - 1;
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldUsed[i]) {
          add(oldKeys[i], oldValues[i]);
        }
      }
    }

    /** The best {@code limit} by score, ties by the smaller chunk id (the SQL's order). */
    List<Candidate> top(int limit) {
      Comparator<Candidate> worstFirst = Comparator.comparingDouble(Candidate::score)
          .thenComparing(Comparator.comparingLong(Candidate::chunkId).reversed());
      PriorityQueue<Candidate> heap = new PriorityQueue<>(limit + 1, worstFirst);
      for (int i = 0; i < keys.length; i++) {
        if (!used[i]) {
          continue;
        }
        if (heap.size() < limit) {
          heap.add(new Candidate(keys[i], values[i]));
        } else {
          Candidate worst = heap.peek();
          if (values[i] > worst.score() || (values[i] == worst.score() && keys[i] < worst.chunkId())) {
            heap.poll();
            heap.add(new Candidate(keys[i], values[i]));
          }
        }
      }
      List<Candidate> out = new ArrayList<>(heap);
      out.sort(worstFirst.reversed());
      return out;
    }
  }
}
