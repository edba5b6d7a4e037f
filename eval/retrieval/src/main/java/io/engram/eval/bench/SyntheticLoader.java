package io.engram.eval.bench;

import io.engram.retrieval.collection.Collection;
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

  void load(Collection collection, List<String[]> texts, int chunks, Random random) {
    TextAnalyzer analyzer = TextAnalyzers.forLanguage("en");
    int batch = 2000;
    long totalTerms = 0;
    for (int from = 0; from < chunks; from += batch) {
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
      tenants.runInTenant(collection.tenantId(), () -> {
        List<Long> docIds = jdbc.sql("""
                insert into documents (tenant_id, collection_id, external_id, title, content_hash)
                select ?, ?, u.id, null, u.id from unnest(?::text[]) with ordinality as u(id, o) order by o returning id""")
            .params(collection.tenantId(), collection.id(), ids).query(Long.class).list();
        List<Long> chunkIds = jdbc.sql("select nextval(pg_get_serial_sequence('retrieval.chunks', 'id')) from generate_series(1, ?)")
            .param(n).query(Long.class).list();
        jdbc.sql("""
                insert into chunks (id, tenant_id, collection_id, document_id, ordinal, text, content_hash, token_count, term_count, model, embedding)
                select u.id, ?, ?, u.doc, 0, u.txt, md5(u.txt), u.terms, u.terms, ?, u.vec::vector
                from unnest(?::bigint[], ?::bigint[], ?::text[], ?::int[], ?::text[]) as u(id, doc, txt, terms, vec)""")
            .params(collection.tenantId(), collection.id(), collection.embeddingModel(), chunkIds.toArray(Long[]::new),
                docIds.toArray(Long[]::new), bodies, termCounts, vectors).update();
        Long[] pChunk = pRow.stream().map(chunkIds::get).toArray(Long[]::new);
        Integer[] pDl = pRow.stream().map(r -> termCounts[r]).toArray(Integer[]::new);
        postings.insert(collection, pTerms.toArray(String[]::new), pChunk, pTf.toArray(Integer[]::new), pDl, batchAvgdl);
      });
      if ((from / batch) % 10 == 0) {
        System.err.printf("[bench] %d / %d synthetic chunks%n", from + n, chunks);
      }
    }
    long terms = totalTerms;
    tenants.runInTenant(collection.tenantId(), () -> jdbc.sql("""
            update collections set document_count = ?, chunk_count = ?, total_terms = ? where id = ?""")
        .params(chunks, chunks, terms, collection.id()).update());
    jdbc.sql("vacuum analyze retrieval.chunks").update();
    jdbc.sql("vacuum analyze retrieval.postings").update();
    jdbc.sql("vacuum analyze retrieval.documents").update();
  }
}
