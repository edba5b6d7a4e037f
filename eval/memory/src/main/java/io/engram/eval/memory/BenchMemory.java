package io.engram.eval.memory;

import com.pgvector.PGvector;
import io.engram.memory.event.IncomingEvent;
import io.engram.memory.event.MemoryWriter;
import io.engram.memory.extract.Terms;
import io.engram.memory.item.ItemRepository;
import io.engram.memory.recall.MemoryRecaller;
import io.engram.memory.recall.RecallQuery;
import io.engram.memory.embed.Vectors;
import io.engram.support.tenancy.TenantTransactions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/bench-memory [--items 100000] [--events 200] [--corpus <corpus.jsonl>]}: the write path and recall
 * at scale, next to the raw queries they are built on, in one run. A fresh namespace is filled with {@code --items}
 * live items (statements are sentences sampled from the corpus, so lexical statistics are real; vectors are random
 * unit vectors of the model's dimension, as embedding 100,000 statements takes an hour here), then measured: the write
 * path per event ({@code --events} sentences not in the store, through {@link MemoryWriter}: extraction, embedding,
 * neighbours, decision, storage), recall per question ({@link MemoryRecaller}), and the raw queries alone: exact
 * pgvector top 10 over the namespace and the lexical candidate query (terms overlap). Last line:
 * {@code writeP95ms=<w> recallP95ms=<r> rawVectorP95ms=<v> rawLexicalP95ms=<l> writeVsRaw=<w/(v+l)> items=<n>}.
 */
public final class BenchMemory {

  private BenchMemory() {
  }

  public static void main(String[] args) throws IOException {
    int items = Integer.parseInt(EvalRuntime.arg(args, "--items", "100000"));
    int events = Integer.parseInt(EvalRuntime.arg(args, "--events", "200"));
    String corpus = EvalRuntime.arg(args, "--corpus", null);
    try (ConfigurableApplicationContext context = EvalRuntime.start()) {
      run(context, items, events, sentences(corpus, items + 2 * events));
    }
  }

  static List<String> sentences(String corpus, int wanted) throws IOException {
    List<String> out = new ArrayList<>();
    if (corpus != null) {
      JsonMapper json = JsonMapper.builder().build();
      for (String line : Files.readAllLines(Path.of(corpus), StandardCharsets.UTF_8)) {
        String text = json.readTree(line).path("text").asString("");
        for (String s : text.split("(?<=[.!?])\\s+")) {
          if (s.length() > 40 && s.length() < 300) {
            out.add(s.strip());
          }
        }
        if (out.size() >= wanted) {
          break;
        }
      }
    }
    Random random = new Random(7);
    String[] words = {"harbor", "committee", "budget", "approved", "sensor", "river", "planning", "council", "vaccine", "trial",
        "engine", "quarterly", "museum", "ticket", "warehouse", "pilot", "license", "forecast", "supplier", "orchestra"};
    while (out.size() < wanted) {
      StringBuilder b = new StringBuilder("Item " + out.size());
      for (int i = 0; i < 10; i++) {
        b.append(' ').append(words[random.nextInt(words.length)]);
      }
      out.add(b.append('.').toString());
    }
    return out;
  }

  static void run(ConfigurableApplicationContext context, int n, int events, List<String> sentences) {
    MemoryWriter writer = context.getBean(MemoryWriter.class);
    MemoryRecaller recaller = context.getBean(MemoryRecaller.class);
    TenantTransactions tenants = context.getBean(TenantTransactions.class);
    Vectors vectors = context.getBean(Vectors.class);
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    JdbcTemplate template = context.getBean(JdbcTemplate.class);
    String tenant = "bench-" + Long.toString(System.nanoTime(), 36);
    String ns = "scale";
    String model = vectors.modelName();
    int dims = vectors.embedDocument("warm up").length;
    Random random = new Random(42);

    // 1. the store: n live items, written in batches (tenant transactions, row-level security as in production)
    long loadStart = System.nanoTime();
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    tenants.inTenant(tenant, () -> jdbc.sql("insert into memory.namespaces (tenant_id, name, event_count) values (?, ?, ?)")
        .params(tenant, ns, n).update());
    int batch = 1000;
    for (int from = 0; from < n; from += batch) {
      int start = from;
      int end = Math.min(n, from + batch);
      tenants.inTenant(tenant, () -> {
        List<Object[]> rows = new ArrayList<>();
        for (int i = start; i < end; i++) {
          String s = sentences.get(i);
          List<String> terms = List.copyOf(new java.util.TreeSet<>(Terms.of(s)));
          rows.add(new Object[] {UUID.randomUUID(), tenant, ns, s, String.join(" ", terms) + " #" + i,
              new PGvector(unit(random, dims)), model, ItemRepository.pgArray(terms), Timestamp.from(t0.plusSeconds(i)),
              (long) i, (long) i, Math.max(1, s.length() / 4), new PGvector(unit(random, dims))});
        }
        template.batchUpdate("""
            insert into memory.items (id, tenant_id, namespace, kind, statement, content_key, embedding, model, terms, valid_from,
              last_seq, created_seq, tokens, frame_embedding)
            values (?, ?, ?, 'fact', ?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?)""", rows);
        return null;
      });
    }
    jdbc.sql("analyze memory.items").update();
    System.out.printf(Locale.ROOT, "bench-memory: %d items loaded in %.1f s (%d dims, model %s), tenant %s%n", n,
        (System.nanoTime() - loadStart) / 1e9, dims, model, tenant);

    // 2. the write path, one event at a time
    double[] write = new double[events];
    for (int i = 0; i < events; i++) {
      String text = sentences.get(n + i);
      long s = System.nanoTime();
      writer.write(tenant, ns, List.of(new IncomingEvent("w" + i, "stream", text, null, null, t0.plusSeconds(n + i), List.of(),
          null)));
      write[i] = (System.nanoTime() - s) / 1e6;
    }
    // 3. recall, and the raw queries it is built on
    double[] recall = new double[events];
    double[] rawVector = new double[events];
    double[] rawLexical = new double[events];
    for (int i = 0; i < events; i++) {
      String q = sentences.get(n + events + i);
      long s = System.nanoTime();
      recaller.recallAndCount(tenant, ns, new RecallQuery(q, 10, null, false, false));
      recall[i] = (System.nanoTime() - s) / 1e6;
      PGvector v = new PGvector(vectors.embedQuery(q));
      String terms = ItemRepository.pgArray(List.copyOf(new java.util.TreeSet<>(Terms.of(q))));
      s = System.nanoTime();
      tenants.inTenant(tenant, () -> jdbc.sql("select id from memory.items where tenant_id = ? and namespace = ? and model = ?"
          + " and valid_to is null order by embedding <=> ? limit 10").params(tenant, ns, model, v).query(UUID.class).list());
      rawVector[i] = (System.nanoTime() - s) / 1e6;
      s = System.nanoTime();
      tenants.inTenant(tenant, () -> jdbc.sql("select id, (select count(*) from unnest(terms) t where t = any(?::text[])) as o"
          + " from memory.items where tenant_id = ? and namespace = ? and valid_to is null and terms && ?::text[]"
          + " order by o desc limit 60").params(terms, tenant, ns, terms).query((rs, k) -> rs.getString(1)).list());
      rawLexical[i] = (System.nanoTime() - s) / 1e6;
    }
    double w = p(write, 0.95);
    double r = p(recall, 0.95);
    double v = p(rawVector, 0.95);
    double l = p(rawLexical, 0.95);
    System.out.printf(Locale.ROOT, "p50: write %.1f ms, recall %.1f ms, raw vector %.1f ms, raw lexical %.1f ms%n", p(write, 0.5),
        p(recall, 0.5), p(rawVector, 0.5), p(rawLexical, 0.5));
    System.out.printf(Locale.ROOT, "writeP95ms=%.1f recallP95ms=%.1f rawVectorP95ms=%.1f rawLexicalP95ms=%.1f writeVsRaw=%.2f items=%d%n",
        w, r, v, l, w / (v + l), n);
  }

  static float[] unit(Random random, int dims) {
    float[] x = new float[dims];
    double norm = 0;
    for (int i = 0; i < dims; i++) {
      x[i] = (float) random.nextGaussian();
      norm += x[i] * x[i];
    }
    for (int i = 0; i < dims; i++) {
      x[i] /= (float) Math.sqrt(norm);
    }
    return x;
  }

  static double p(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.floor(q * (sorted.length - 1))];
  }
}
