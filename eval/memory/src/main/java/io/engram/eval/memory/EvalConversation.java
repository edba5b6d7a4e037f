package io.engram.eval.memory;

import io.engram.memory.event.IncomingEvent;
import io.engram.memory.event.MemoryWriter;
import io.engram.memory.item.StatsRepository;
import io.engram.memory.item.StoreStats;
import io.engram.memory.recall.MemoryRecaller;
import io.engram.memory.recall.RecallQuery;
import io.engram.memory.recall.RecalledItem;
import io.engram.memory.embed.Vectors;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.text.analysis.TextAnalyzers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/eval-memory --locomo <locomo.json> [--verbose]}: long multi-session conversations in LoCoMo's
 * released JSON. Every turn becomes an {@code interaction} event ("Speaker: text", the session's date-time as event
 * time) written through the real write path, one namespace per conversation; every question with evidence
 * (categories 1-4) is recalled (top 10) and scored by evidence recall: the share of its evidence turns found in the
 * provenance of the recalled items. The baseline is a store of the raw turns searched with Lucene BM25 (English
 * analyzer, the same one memory uses). Tokens are the memory model's. Last line:
 * {@code evidenceRecall@10=<m> bm25Recall@10=<b> recallRatio=<m/b> storedTokens=<s> rawTokens=<r> tokenRatio=<s/r>
 * items=<n> turns=<t> questions=<q>}.
 */
public final class EvalConversation {

  static final int TOP_K = 10;
  private static final DateTimeFormatter SESSION_TIME = DateTimeFormatter.ofPattern("h:mm a 'on' d MMMM, yyyy", Locale.ENGLISH);

  private EvalConversation() {
  }

  public static void main(String[] args) throws IOException {
    String file = EvalRuntime.arg(args, "--locomo", null);
    if (file == null) {
      System.err.println("usage: eval-memory --locomo <locomo.json> [--verbose]");
      System.exit(2);
    }
    boolean verbose = List.of(args).contains("--verbose") || System.getenv("EVAL_VERBOSE") != null;
    try (ConfigurableApplicationContext context = EvalRuntime.start()) {
      run(context, Path.of(file), verbose);
    }
  }

  record Turn(String id, String text, Instant time) {
  }

  record Question(String text, List<String> evidence, int category) {
  }

  record Conversation(String id, List<Turn> turns, List<Question> questions) {
  }

  static List<Conversation> read(Path file) throws IOException {
    JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
    List<Conversation> out = new ArrayList<>();
    for (JsonNode sample : root) {
      JsonNode conv = sample.get("conversation");
      List<Turn> turns = new ArrayList<>();
      for (int s = 1; conv.has("session_" + s); s++) {
        Instant start = sessionTime(conv.path("session_" + s + "_date_time").asString(""));
        int k = 0;
        for (JsonNode t : conv.get("session_" + s)) {
          String text = t.path("speaker").asString() + ": " + t.path("text").asString("");
          if (t.hasNonNull("blip_caption")) {
            text += " [shares a photo: " + t.get("blip_caption").asString() + "]";
          }
          turns.add(new Turn(t.get("dia_id").asString(), text, start.plusSeconds(30L * k++)));
        }
      }
      List<Question> questions = new ArrayList<>();
      for (JsonNode q : sample.get("qa")) {
        List<String> evidence = EvalStream.strings(q.get("evidence"));
        int category = q.path("category").asInt();
        if (category != 5 && !evidence.isEmpty()) {
          questions.add(new Question(q.get("question").asString(), evidence, category));
        }
      }
      out.add(new Conversation(sample.path("sample_id").asString("conv-" + out.size()), turns, questions));
    }
    return out;
  }

  static Instant sessionTime(String raw) {
    try {
      return LocalDateTime.parse(raw.strip().replace("am", "AM").replace("pm", "PM"), SESSION_TIME).toInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return Instant.parse("2023-01-01T00:00:00Z");
    }
  }

  static void run(ConfigurableApplicationContext context, Path file, boolean verbose) throws IOException {
    MemoryWriter writer = context.getBean(MemoryWriter.class);
    MemoryRecaller recaller = context.getBean(MemoryRecaller.class);
    StatsRepository statsRepository = context.getBean(StatsRepository.class);
    TenantTransactions tenants = context.getBean(TenantTransactions.class);
    Vectors vectors = context.getBean(Vectors.class);
    String tenant = "evalconv-" + Long.toString(System.nanoTime(), 36);

    double memoryRecall = 0;
    double bm25Recall = 0;
    int questions = 0;
    long stored = 0;
    long raw = 0;
    long items = 0;
    int turns = 0;
    for (Conversation c : read(file)) {
      String ns = c.id().replaceAll("[^A-Za-z0-9._-]", "_");
      long start = System.nanoTime();
      List<IncomingEvent> batch = new ArrayList<>();
      for (Turn t : c.turns()) {
        batch.add(new IncomingEvent(c.id() + "/" + t.id(), "interaction", t.text(), null, null, t.time(), List.of(), null));
        raw += vectors.tokens(t.text());
      }
      for (int i = 0; i < batch.size(); i += 50) {
        writer.write(tenant, ns, batch.subList(i, Math.min(batch.size(), i + 50)));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      turns += c.turns().size();
      StoreStats s = tenants.inTenant(tenant, () -> statsRepository.stats(tenant, ns));
      stored += s.storedTokens();
      items += s.liveItems();
      Bm25 bm25 = new Bm25(c.turns());
      double convMemory = 0;
      double convBm25 = 0;
      for (Question q : c.questions()) {
        List<RecalledItem> top = recaller.recallAndCount(tenant, ns,
            new RecallQuery(q.text(), TOP_K, null, false, false));
        Set<String> found = new HashSet<>();
        top.forEach(r -> r.provenance().forEach(p -> found.add(p.eventId().substring(p.eventId().indexOf('/') + 1))));
        double m = share(q.evidence(), found);
        double b = share(q.evidence(), new HashSet<>(bm25.search(q.text(), TOP_K)));
        convMemory += m;
        convBm25 += b;
        if (verbose && m < b) {
          System.out.printf(Locale.ROOT, "  %s [cat %d] memory %.2f < bm25 %.2f; evidence %s%n", q.text(), q.category(), m, b,
              q.evidence());
          for (int i = 0; i < Math.min(3, top.size()); i++) {
            System.out.println("     " + (i + 1) + ". " + top.get(i).item().statement());
          }
        }
      }
      memoryRecall += convMemory;
      bm25Recall += convBm25;
      questions += c.questions().size();
      System.out.printf(Locale.ROOT, "%s: %d turns in %.1f s; live items %d, stored tokens %d; questions %d, memory recall@10 %.4f,"
              + " bm25 %.4f%n", c.id(), c.turns().size(), seconds, s.liveItems(), s.storedTokens(), c.questions().size(),
          convMemory / Math.max(1, c.questions().size()), convBm25 / Math.max(1, c.questions().size()));
    }
    double m = memoryRecall / Math.max(1, questions);
    double b = bm25Recall / Math.max(1, questions);
    System.out.printf(Locale.ROOT, "evidenceRecall@10=%.4f bm25Recall@10=%.4f recallRatio=%.4f storedTokens=%d rawTokens=%d"
            + " tokenRatio=%.4f items=%d turns=%d questions=%d%n", m, b, b == 0 ? 0 : m / b, stored, raw,
        raw == 0 ? 0 : (double) stored / raw, items, turns, questions);
  }

  private static double share(List<String> evidence, Set<String> found) {
    Set<String> wanted = new LinkedHashSet<>(evidence);
    long hit = wanted.stream().filter(found::contains).count();
    return wanted.isEmpty() ? 0 : (double) hit / wanted.size();
  }

  /** The baseline: the raw turns in an in-memory Lucene index, BM25 over the shared English analyzer's terms. */
  static final class Bm25 {
    private final IndexSearcher searcher;
    private final List<String> ids = new ArrayList<>();

    Bm25(List<Turn> turns) throws IOException {
      ByteBuffersDirectory dir = new ByteBuffersDirectory();
      // terms are analyzed by the shared analyzer and indexed as given, so index and query see the same terms
      try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new org.apache.lucene.analysis.core.WhitespaceAnalyzer()))) {
        for (Turn t : turns) {
          Document d = new Document();
          d.add(new TextField("text", String.join(" ", TextAnalyzers.forLanguage("en").terms(t.text())), Field.Store.NO));
          d.add(new StoredField("id", t.id()));
          w.addDocument(d);
          ids.add(t.id());
        }
      }
      searcher = new IndexSearcher(DirectoryReader.open(dir));
    }

    List<String> search(String query, int k) throws IOException {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      for (String term : new LinkedHashSet<>(TextAnalyzers.forLanguage("en").terms(query))) {
        b.add(new TermQuery(new Term("text", term)), BooleanClause.Occur.SHOULD);
      }
      List<String> out = new ArrayList<>();
      for (ScoreDoc d : searcher.search(b.build(), k).scoreDocs) {
        out.add(searcher.storedFields().document(d.doc).get("id"));
      }
      return out;
    }
  }
}
