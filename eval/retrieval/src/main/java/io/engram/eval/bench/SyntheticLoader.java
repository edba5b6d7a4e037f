package io.engram.eval.bench;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.ingest.BulkLoader;
import io.engram.retrieval.recall.DenseRecall;
import io.engram.retrieval.recall.Postings;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.text.analysis.TextAnalyzer;
import io.engram.text.analysis.TextAnalyzers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fills a benchmark collection with synthetic chunks: 60-word windows of real corpus text (so term
 * statistics are realistic) with random unit vectors, written with the same array inserts as ingestion,
 * one document per chunk; statistics are analyzed at the end.
 */
final class SyntheticLoader {

  private final JdbcClient jdbc;
  private final TenantTransactions tenants;
  private final Postings postings;

  SyntheticLoader(JdbcClient jdbc, TenantTransactions tenants, Postings postings) {
    this.jdbc = jdbc;
    this.tenants = tenants;
    this.postings = postings;
  }

  /**
   * The same synthetic chunks (same random sequence) through the service's {@link BulkLoader}: COPY into staging
   * tables, postings in term order at the end, a graph of its own for a large collection. Prints where the time went.
   */
  void loadBulk(BulkLoader bulk, Collection collection, List<String[]> texts, int chunks, Random random) {
    TextAnalyzer analyzer = TextAnalyzers.forLanguage("en");
    int batch = 2000;
    long[] made = new long[1];
    BulkLoader.Result result = bulk.load(collection, chunks, sink -> {
      for (int from = 0; from < chunks; from += batch) {
        long t0 = System.nanoTime();
        int n = Math.min(batch, chunks - from);
        List<BulkLoader.Document> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          String[] words = texts.get(random.nextInt(texts.size()));
          int start = words.length > 60 ? random.nextInt(words.length - 60) : 0;
          String body = String.join(" ", java.util.Arrays.copyOfRange(words, start, Math.min(words.length, start + 60)));
          float[] v = randomUnit(random);
          Map<String, Integer> tf = new HashMap<>();
          List<String> terms = analyzer.terms(body);
          terms.forEach(t -> tf.merge(t, 1, Integer::sum));
          String id = "syn-" + (from + i);
          docs.add(new BulkLoader.Document(id, null, id, "{}", List.of(
              new BulkLoader.Chunk(body, md5(body), "{}", terms.size(), terms.size(), tf, v))));
        }
        made[0] += System.nanoTime() - t0;
        sink.add(docs);
        if ((from / batch) % 50 == 0) {
          System.err.printf(java.util.Locale.ROOT, "[bench] %d / %d synthetic chunks staged%n", from + n, chunks);
        }
      }
    });
    System.err.printf(java.util.Locale.ROOT, "[bench] bulk load stages: text+analysis %.1f s, COPY + documents + chunks + sorted postings"
        + " + term_stats %.1f s (%s), own graph %s %.1f s; %d postings%n", made[0] / 1e9, result.writeSeconds() - made[0] / 1e9,
        result.stages(), result.ownGraph() ? "built in" : "(none, shared graph)", result.graphSeconds(), result.postings());
  }

  private static float[] randomUnit(Random random) {
    float[] v = new float[384];
    double norm = 0;
    for (int d = 0; d < v.length; d++) {
      v[d] = (float) random.nextGaussian();
      norm += v[d] * v[d];
    }
    for (int d = 0; d < v.length; d++) {
      v[d] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static String md5(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ingestion's writer (array inserts, HNSW maintained row by row), with the time of each statement. */
  void load(Collection collection, List<String[]> texts, int chunks, Random random) {
    TextAnalyzer analyzer = TextAnalyzers.forLanguage("en");
    int batch = 2000;
    long totalTerms = 0;
    long[] stage = new long[5]; // text+analysis, documents, chunk rows (with their indexes), postings + term_stats, commit
    for (int from = 0; from < chunks; from += batch) {
      long t0 = System.nanoTime();
      int n = Math.min(batch, chunks - from);
      String[] ids = new String[n];
      String[] bodies = new String[n];
      String[] vectors = new String[n];
      Integer[] termCounts = new Integer[n];
      List<String> pTerms = new ArrayList<>();
      List<Integer> pRow = new ArrayList<>();
      List<Integer> pTf = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String[] words = texts.get(random.nextInt(texts.size()));
        int start = words.length > 60 ? random.nextInt(words.length - 60) : 0;
        String body = String.join(" ", java.util.Arrays.copyOfRange(words, start, Math.min(words.length, start + 60)));
        ids[i] = "syn-" + (from + i);
        bodies[i] = body;
        float[] v = new float[384];
        double norm = 0;
        for (int d = 0; d < v.length; d++) {
          v[d] = (float) random.nextGaussian();
          norm += v[d] * v[d];
        }
        for (int d = 0; d < v.length; d++) {
          v[d] /= (float) Math.sqrt(norm);
        }
        vectors[i] = DenseRecall.literal(v);
        Map<String, Integer> tf = new HashMap<>();
        List<String> terms = analyzer.terms(body);
        terms.forEach(t -> tf.merge(t, 1, Integer::sum));
        termCounts[i] = terms.size();
        totalTerms += terms.size();
        int row = i;
        tf.forEach((t, f) -> {
          pTerms.add(t);
          pRow.add(row);
          pTf.add(f);
        });
      }
      double batchAvgdl = java.util.Arrays.stream(termCounts).mapToInt(Integer::intValue).average().orElse(1);
      stage[0] += System.nanoTime() - t0;
      long[] mark = {System.nanoTime()};
      tenants.runInTenant(collection.tenantId(), () -> {
        List<Long> docIds = jdbc.sql("""
                insert into documents (tenant_id, collection_id, external_id, title, content_hash)
                select ?, ?, u.id, null, u.id from unnest(?::text[]) with ordinality as u(id, o) order by o returning id""")
            .params(collection.tenantId(), collection.id(), ids).query(Long.class).list();
        List<Long> chunkIds = jdbc.sql("select nextval(pg_get_serial_sequence('retrieval.chunks', 'id')) from generate_series(1, ?)")
            .param(n).query(Long.class).list();
        stage[1] += lap(mark);
        jdbc.sql("""
                insert into chunks (id, tenant_id, collection_id, document_id, ordinal, text, content_hash, token_count, term_count, model, embedding)
                select u.id, ?, ?, u.doc, 0, u.txt, md5(u.txt), u.terms, u.terms, ?, u.vec::vector
                from unnest(?::bigint[], ?::bigint[], ?::text[], ?::int[], ?::text[]) as u(id, doc, txt, terms, vec)""")
            .params(collection.tenantId(), collection.id(), collection.embeddingModel(), chunkIds.toArray(Long[]::new),
                docIds.toArray(Long[]::new), bodies, termCounts, vectors).update();
        stage[2] += lap(mark);
        Long[] pChunk = pRow.stream().map(chunkIds::get).toArray(Long[]::new);
        Integer[] pDl = pRow.stream().map(r -> termCounts[r]).toArray(Integer[]::new);
        postings.insert(collection, pTerms.toArray(String[]::new), pChunk, pTf.toArray(Integer[]::new), pDl, batchAvgdl);
        stage[3] += lap(mark);
      });
      stage[4] += lap(mark);
      if ((from / batch) % 10 == 0) {
        System.err.printf(java.util.Locale.ROOT, "[bench] %d / %d synthetic chunks; %s%n", from + n, chunks, stages(stage));
      }
    }
    System.err.printf(java.util.Locale.ROOT, "[bench] load stages: %s%n", stages(stage));
    long terms = totalTerms;
    tenants.runInTenant(collection.tenantId(), () -> jdbc.sql("""
            update collections set document_count = ?, chunk_count = ?, total_terms = ? where id = ?""")
        .params(chunks, chunks, terms, collection.id()).update());
    jdbc.sql("vacuum analyze retrieval.chunks").update();
    jdbc.sql("vacuum analyze retrieval.postings").update();
    jdbc.sql("vacuum analyze retrieval.documents").update();
  }

  private static long lap(long[] mark) {
    long now = System.nanoTime();
    long took = now - mark[0];
    mark[0] = now;
    return took;
  }

  static String stages(long[] s) {
    return String.format(java.util.Locale.ROOT, "text+analysis %.1f s, documents %.1f s, chunks %.1f s, postings+term_stats %.1f s, commit %.1f s",
        s[0] / 1e9, s[1] / 1e9, s[2] / 1e9, s[3] / 1e9, s[4] / 1e9);
  }
}
