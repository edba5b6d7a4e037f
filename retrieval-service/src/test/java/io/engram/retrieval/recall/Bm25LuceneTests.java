package io.engram.retrieval.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.engram.retrieval.RetrievalApi;
import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.retrieval.rewrite.RewriteRequest;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import io.engram.text.analysis.TextAnalyzers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The SQL BM25 gives Lucene's BM25 scores: the same documents go through our ingestion and into an
 * in-memory Lucene index with {@link BM25Similarity}(0.9, 0.4) and the English analyzer (title + text in one
 * field, as Anserini indexes BEIR), and every query must rank and score alike. Documents are shorter than
 * 24 terms, where Lucene's one-byte length norm is still exact.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class Bm25LuceneTests {

  @Autowired
  TestRestTemplate http;

  @Autowired
  LexicalRecall lexical;

  @Autowired
  CollectionStore collections;

  @Autowired
  TenantTransactions tenants;

  @Autowired
  JdbcClient jdbc;

  static final String[] TOPICS = {"cell", "protein", "gene", "mouse", "cancer", "tumor", "virus", "immune", "brain", "neuron",
      "heart", "blood", "insulin", "glucose", "bone", "muscle", "liver", "kidney", "lung", "skin"};

  @Test
  void sqlBm25RanksAndScoresLikeLucene() throws IOException {
    String tenant = TestIdentities.uniqueTenant("bm25");
    RetrievalApi api = new RetrievalApi(http, tenant);
    api.createCollection("lucene");
    List<Map<String, Object>> docs = new ArrayList<>();
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 40; i++) {
      StringBuilder text = new StringBuilder("The study of");
      int words = 3 + random.nextInt(12);
      for (int w = 0; w < words; w++) {
        text.append(' ').append(TOPICS[random.nextInt(TOPICS.length)]).append(random.nextBoolean() ? "s" : "");
      }
      docs.add(RetrievalApi.doc("d" + i, TOPICS[i % TOPICS.length] + " research", text + ".", null));
    }
    assertThat(api.ingest("lucene", docs).get("succeeded").asInt()).isEqualTo(40);

    try (ByteBuffersDirectory directory = new ByteBuffersDirectory();
        EnglishAnalyzer analyzer = new EnglishAnalyzer()) {
      BM25Similarity similarity = new BM25Similarity(0.9f, 0.4f);
      try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setSimilarity(similarity))) {
        for (Map<String, Object> doc : docs) {
          Document d = new Document();
          d.add(new StringField("id", (String) doc.get("id"), Field.Store.YES));
          d.add(new TextField("contents", doc.get("title") + "\n" + doc.get("text"), Field.Store.NO));
          writer.addDocument(d);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        searcher.setSimilarity(similarity);
        Collection collection = collections.require(tenant, "lucene");
        for (String query : List.of("cancer tumor cells", "insulin and glucose in the blood", "brain neurons neurons", "kidney",
            "protein gene mouse heart")) {
          Map<String, Double> terms = RewriteRequest.terms(TextAnalyzers.forLanguage("en"), query);
          BooleanQuery.Builder builder = new BooleanQuery.Builder();
          terms.forEach((t, w) -> builder.add(new BoostQuery(new TermQuery(new Term("contents", t)), w.floatValue()),
              BooleanClause.Occur.SHOULD));
          ScoreDoc[] lucene = searcher.search(builder.build(), 10).scoreDocs;
          Map<Long, String> external = new HashMap<>();
          List<Candidate> ours = tenants.inTenant(tenant, () -> {
            List<Candidate> found = lexical.search(collection, terms, 10, SqlFragment.TRUE, 0.9, 0.4);
            jdbc.sql("select c.id, d.external_id from chunks c join documents d on d.id = c.document_id")
                .query(rs -> {
                  external.put(rs.getLong(1), rs.getString(2));
                });
            return found;
          });
          assertThat(ours).as(query).hasSameSizeAs(lucene);
          for (int i = 0; i < lucene.length; i++) {
            assertThat(ours.get(i).score()).as("%s rank %d", query, i + 1).isCloseTo(lucene[i].score, within(1e-4 * lucene[i].score));
          }
          // ranks agree wherever Lucene's scores are not tied
          for (int i = 0; i < lucene.length; i++) {
            boolean tied = (i > 0 && Math.abs(lucene[i].score - lucene[i - 1].score) < 1e-5)
                || (i + 1 < lucene.length && Math.abs(lucene[i].score - lucene[i + 1].score) < 1e-5);
            if (!tied) {
              String luceneId = searcher.storedFields().document(lucene[i].doc).get("id");
              assertThat(external.get(ours.get(i).chunkId())).as("%s rank %d", query, i + 1).isEqualTo(luceneId);
            }
          }
        }
      }
    }
  }
}
