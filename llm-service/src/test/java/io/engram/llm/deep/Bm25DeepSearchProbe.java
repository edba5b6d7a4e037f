package io.engram.llm.deep;

import io.engram.llm.fusion.*;
import io.engram.llm.gather.*;
import io.engram.llm.source.*;
import io.engram.llm.text.*;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.search.*;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Development probe for the offline deep-search loop: the service's own {@code DeepSearch},
 * {@code BridgeTermPlanner} and {@code ContextFuser} over an in-process Lucene BM25 index (English analyzer,
 * k1 0.9, b 0.4, title + text) that stands in for the retrieval service, on a BEIR folder. Not a test:
 * run by {@code scripts/eval-deep-search-bm25 <beir-folder>}; same last line as scripts/eval-deep-search.
 */
public final class Bm25DeepSearchProbe {
  public static void main(String[] a) throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    Path f = Path.of(a[0]);
    var dir = new ByteBuffersDirectory();
    var analyzer = new EnglishAnalyzer();
    var cfg = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity(0.9f, 0.4f));
    Map<String, String[]> docs = new HashMap<>();
    try (var w = new IndexWriter(dir, cfg)) {
      for (String line : Files.readAllLines(f.resolve("corpus.jsonl"))) {
        JsonNode d = json.readTree(line);
        var doc = new Document();
        doc.add(new StringField("id", d.path("_id").asString(), Field.Store.YES));
        doc.add(new TextField("body", d.path("title").asString() + " " + d.path("text").asString(), Field.Store.NO));
        w.addDocument(doc);
        docs.put(d.path("_id").asString(), new String[]{d.path("title").asString(), d.path("text").asString()});
      }
    }
    var reader = DirectoryReader.open(dir);
    var searcher = new IndexSearcher(reader);
    searcher.setSimilarity(new BM25Similarity(0.9f, 0.4f));
    RetrievalSource retrieval = (c, q, k, h) -> {
      try {
        var bq = new BooleanQuery.Builder();
        try (var ts = analyzer.tokenStream("body", q)) {
          var att = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
          ts.reset();
          while (ts.incrementToken()) bq.add(new TermQuery(new Term("body", att.toString())), BooleanClause.Occur.SHOULD);
          ts.end();
        }
        var query = bq.build();
        List<SearchHit> hits = new ArrayList<>();
        for (ScoreDoc sd : searcher.search(query, k).scoreDocs) {
          String id = searcher.storedFields().document(sd.doc).get("id");
          hits.add(new SearchHit(id + "#0", id, docs.get(id)[1], docs.get(id)[0], Map.of(), sd.score));
        }
        return hits;
      } catch (Exception e) { throw new RuntimeException(e); }
    };
    MemorySource none = new MemorySource() {
      public List<MemoryItem> recall(String n, String q, int k) { return List.of(); }
      public EventsReceipt record(String n, List<MemoryEvent> e, String t) { return null; }
    };
    var tokens = new TokenCounter();
    var gatherer = new ContextGatherer(retrieval, none, new SourceProperties("x", "x", null, null, null), ContextGatherer.defaultBreakers(Duration.ofSeconds(5)));
    var fuser = new ContextFuser(tokens);
    int qpr = Integer.parseInt(System.getProperty("qpr", "2"));
    var deep = new DeepSearch(gatherer, fuser, new BridgeTermPlanner(), tokens, DeepSearch.DEFAULT_FOLLOW_UP_WEIGHT,
        DeepSearch.DEFAULT_FOLLOW_UP_DEPTH);
    Map<String, Set<String>> rel = new HashMap<>();
    for (String line : Files.readAllLines(f.resolve(a.length > 1 ? a[1] : "qrels/test.tsv"))) {
      String[] p = line.split("\t");
      if (p.length < 3 || p[0].equals("query-id") || Double.parseDouble(p[2].strip()) <= 0) continue;
      rel.computeIfAbsent(p[0], x -> new HashSet<>()).add(p[1]);
    }
    double s = 0, d = 0; int rounds = 0, n = 0; 
    boolean verbose = System.getenv("EVAL_VERBOSE") != null;
    for (String line : Files.readAllLines(f.resolve("queries.jsonl"))) {
      JsonNode q = json.readTree(line);
      String qid = q.path("_id").asString(); String text = q.path("text").asString();
      Set<String> r = rel.get(qid);
      if (r == null) {
        continue;
      }
      List<String> single = retrieval.search("c", text, 10, List.of()).stream().map(SearchHit::documentId).toList();
      DeepResult res = deep.search(text, List.of("c"), null, List.of(), 10, 5, new DeepLimits(3, Duration.ofSeconds(20), 20000, qpr), () -> false, g -> {});
      List<String> top = new ArrayList<>();
      for (Passage p : fuser.fuse(res.lists())) { if (!top.contains(p.documentId()) && top.size() < 10) top.add(p.documentId()); }
      double rs = single.stream().filter(r::contains).count() / (double) r.size();
      double rd = top.stream().filter(r::contains).count() / (double) r.size();
      s += rs; d += rd; rounds += res.rounds().size(); n++;
      if (verbose && (rd != rs || rd < 1)) {
        System.out.printf("%s %.1f->%.1f %s | %s%n", qid, rs, rd, text, res.rounds().stream().map(x -> x.queries() + " " + x.decision()).toList());
        System.out.println("   single " + single.stream().map(x -> docs.get(x)[0]).toList());
        System.out.println("   deep   " + top.stream().map(x -> docs.get(x)[0]).toList());
        for (String id : r) System.out.println("   rel " + id + " " + docs.get(id)[0] + " single=" + single.contains(id) + " deep=" + top.contains(id));
      }
    }
    System.out.printf("recall@10_single=%.4f recall@10_deep=%.4f meanRounds=%.2f queries=%d%n", s / n, d / n, rounds / (double) n, n);
    gatherer.close();
  }
}
