package io.engram.retrieval.recall;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * What the exact-BM25 tests share: a vocabulary of 1,500 letter-only words (the English analyzer keeps each as one
 * term, no stemming collisions), documents of Zipf-distributed words (a few in most chunks, most in a handful), random
 * queries mixing the commonest words with rarer ones (weights as RM3 gives them, sometimes), and the comparison of a
 * ranking with the SQL's.
 */
final class ZipfCorpus {

  final Random random;
  final List<String> vocabulary = new ArrayList<>();

  /** Words are {@code prefix + letters + suffix}, so that two tests' corpora share no term. */
  ZipfCorpus(long seed, char prefix, char suffix) {
    random = new Random(seed);
    for (int i = 0; i < 1500; i++) {
      StringBuilder w = new StringBuilder().append(prefix);
      int n = i;
      do {
        w.append((char) ('a' + n % 26));
        n /= 26;
      } while (n > 0);
      vocabulary.add(w.append(suffix).toString());
    }
  }

  String zipfWord() {
    double u = random.nextDouble();
    int rank = (int) Math.min(vocabulary.size() - 1, Math.floor(Math.pow(vocabulary.size() + 1, u)) - 1);
    return vocabulary.get(Math.max(0, rank));
  }

  /** {@code count} documents {@code prefix + i} of {@code minWords} to {@code maxWords} words, with metadata by index. */
  List<Map<String, Object>> documents(String prefix, int count, int minWords, int maxWords,
      IntFunction<Map<String, Object>> metadata) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int words = minWords + random.nextInt(maxWords - minWords + 1);
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < words; w++) {
        text.append(zipfWord()).append(w % 9 == 8 ? ". " : " ");
      }
      docs.add(RetrievalApi.doc(prefix + i, "", text.toString(), metadata.apply(i)));
    }
    return docs;
  }

  Map<String, Double> query() {
    Map<String, Double> terms = new LinkedHashMap<>();
    int n = 1 + random.nextInt(8);
    while (terms.size() < n) {
      String w = random.nextInt(3) == 0 ? vocabulary.get(random.nextInt(5)) : zipfWord();
      terms.put(w, random.nextInt(4) == 0 ? 0.25 + random.nextDouble() : 1.0);
    }
    return terms;
  }

  /**
   * The same scores (to 1e-9) and the same chunks in the same order, except among scores equal to the last bits (either
   * order is right; two sums of the same numbers taken in different orders may differ there).
   */
  static void assertSameRanking(Map<String, Double> terms, List<Candidate> fast, List<Candidate> sql) {
    assertThat(fast).as("query %s", terms).hasSameSizeAs(sql);
    for (int i = 0; i < sql.size(); i++) {
      assertThat(fast.get(i).score()).as("query %s rank %d", terms, i + 1).isCloseTo(sql.get(i).score(),
          org.assertj.core.data.Offset.offset(1e-9));
    }
    if (!sql.isEmpty()) {
      double last = sql.getLast().score();
      for (int i = 0; i < sql.size(); i++) {
        double score = sql.get(i).score();
        boolean tied = (i > 0 && Math.abs(score - sql.get(i - 1).score()) < 1e-9)
            || (i + 1 < sql.size() && Math.abs(score - sql.get(i + 1).score()) < 1e-9)
            || Math.abs(score - last) < 1e-9;
        if (!tied) {
          assertThat(fast.get(i).chunkId()).as("query %s rank %d", terms, i + 1).isEqualTo(sql.get(i).chunkId());
        }
      }
    }
  }
}
