package io.engram.memory.api;

import static io.engram.memory.api.MemoryHttp.event;
import static io.engram.memory.api.MemoryHttp.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.engram.memory.MemoryProperties;
import io.engram.memory.consolidate.Abstractor;
import io.engram.memory.consolidate.ListingAbstractor;
import io.engram.memory.embed.Vectors;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import io.engram.text.embedding.EmbeddingModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * No database transaction (so no pooled connection) is open while the memory service embeds: the real ONNX model
 * behind a wrapper that notes, at each call, whether the calling thread is inside a transaction. A recall embeds its
 * query, a write its statements and frames, a consolidation round its abstraction (written by the abstractor, which
 * may be a model, also outside): all before their transactions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import({TestDatabaseConfiguration.class, EmbeddingOutsideTransactionsTests.Recording.class})
class EmbeddingOutsideTransactionsTests {

  /** One embedding: what was embedded, and whether a transaction was open meanwhile. */
  record Embedding(String text, boolean inTransaction) {
  }

  static final List<Embedding> EMBEDDINGS = new CopyOnWriteArrayList<>();

  @TestConfiguration
  static class Recording {

    @Bean
    @Primary
    Vectors recordingVectors(EmbeddingModels models, MemoryProperties properties) {
      return new Vectors(models, properties) {
        @Override
        public float[] embedDocument(String text) {
          EMBEDDINGS.add(new Embedding(text, TransactionSynchronizationManager.isActualTransactionActive()));
          return super.embedDocument(text);
        }

        @Override
        public float[] embedQuery(String text) {
          EMBEDDINGS.add(new Embedding(text, TransactionSynchronizationManager.isActualTransactionActive()));
          return super.embedQuery(text);
        }
      };
    }

    /** The offline abstractor, noting too whether a transaction is open while it writes (a model may write). */
    @Bean
    @Primary
    Abstractor recordingAbstractor() {
      ListingAbstractor listing = new ListingAbstractor();
      return (subject, members) -> {
        ABSTRACTIONS.add(TransactionSynchronizationManager.isActualTransactionActive());
        return listing.abstractOf(subject, members);
      };
    }
  }

  static final List<Boolean> ABSTRACTIONS = new CopyOnWriteArrayList<>();

  @Autowired
  TestRestTemplate rest;

  MemoryHttp http;
  String tenant;

  @BeforeEach
  void setUp() {
    http = new MemoryHttp(rest);
    tenant = TestIdentities.uniqueTenant("embed-outside");
    EMBEDDINGS.clear();
    ABSTRACTIONS.clear();
  }

  @Test
  void whenEventsAreWrittenThenNothingIsEmbeddedInsideATransaction() {
    // six facts about one subject: the batch also crosses consolidate-every (6 in the test profile), so a round
    // writes an abstraction
    List<String> batch = new ArrayList<>();
    String[] lines = {"Dana Holt's employer is Globex.", "Dana Holt's title is data engineer.", "Dana Holt lives in Austin.",
        "Dana Holt's manager is Evan Park.", "Dana Holt's favorite language is Kotlin.", "Dana Holt's team size is 5."};
    for (int i = 0; i < lines.length; i++) {
      batch.add(event("d" + i, lines[i], "2024-02-0" + (i + 1) + "T00:00:00Z"));
    }
    ResponseEntity<String> written = http.post(tenant, "/v1/memory/people/events", events(batch.toArray(String[]::new)));
    assertThat(written.getStatusCode().value()).as(written.getBody()).isEqualTo(202);
    // a chat turn (read against the namespace's other speaker), a replayed event, a restatement (merged) and a new
    // value of a slot (superseding)
    ResponseEntity<String> chat = http.post(tenant, "/v1/memory/people/events", events(
        "{\"id\":\"t1\",\"kind\":\"interaction\",\"text\":\"Evan Park: Dana Holt moved to the Boston office in March.\"}",
        event("d0", lines[0], "2024-02-01T00:00:00Z"), event("r1", lines[1], "2024-03-01T00:00:00Z"),
        event("s1", "Dana Holt's employer is Initrode.", "2024-04-01T00:00:00Z")));
    assertThat(chat.getStatusCode().value()).as(chat.getBody()).isEqualTo(202);

    assertThat(http.recall(tenant, "people", "Dana Holt's employer", "").get(0).get("statement").asString())
        .contains("Initrode");
    EMBEDDINGS.removeIf(e -> e.text().equals("Dana Holt's employer"));
    assertThat(EMBEDDINGS).isNotEmpty();
    assertThat(EMBEDDINGS).filteredOn(Embedding::inTransaction).isEmpty();
    // the abstraction was written and embedded too, before the round's transaction
    assertThat(EMBEDDINGS).anyMatch(e -> e.text().contains("Globex") && e.text().contains("Austin"));
    assertThat(ABSTRACTIONS).containsExactly(false);
  }

  @Test
  void whenARecallRunsThenItsQueryIsEmbeddedOutsideTheTransaction() {
    http.post(tenant, "/v1/memory/notes/events", events(
        event("n1", "The harbour ferry leaves every forty minutes from pier three.", null)));
    EMBEDDINGS.clear();

    assertThat(http.recall(tenant, "notes", "how often does the ferry leave", "").get(0).get("statement").asString())
        .contains("ferry");
    assertThat(EMBEDDINGS).containsExactly(new Embedding("how often does the ferry leave", false));
  }
}
