package io.engram.memory.api;

import static io.engram.memory.api.MemoryHttp.events;
import static io.engram.memory.api.MemoryHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer's write-back (an interaction whose context names the passages that answered it) is stored as those
 * statements, each with its own source, not as a transcript; the namespace counts answers written back and later
 * answers that used them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class AnswerWriteBackTests {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired
  TestRestTemplate rest;

  MemoryHttp http;
  String tenant;

  @BeforeEach
  void setUp() {
    http = new MemoryHttp(rest);
    tenant = TestIdentities.uniqueTenant("writeback");
  }

  static String writeBack(String id, String question, String answer, List<Map<String, String>> context, List<String> sources) {
    return JSON.writeValueAsString(Map.of("id", id, "kind", "interaction", "question", question, "answer", answer,
        "context", context, "sources", sources, "eventTime", "2026-11-20T10:00:00Z"));
  }

  private List<String> statements(String ns) {
    JsonNode items = json(http.get(tenant, "/v1/memory/" + ns + "/items?limit=100")).get("items");
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.get("statement").asString()));
    return out;
  }

  @Test
  void whenAnAnswerIsWrittenBackThenItsStatementsAreStoredWithTheirOwnSourcesAndLaterUseIsCounted() {
    String ns = "kb-answers";
    String first = writeBack("llm-1", "Which company bought the Harbour Line ferries, and where is it based?",
        "Norland Shipping bought the Harbour Line ferries in 2019. [1] Norland Shipping is based in Bergen. [2]",
        List.of(Map.of("sourceId", "chunk:fleet/41", "text", "Norland Shipping bought the Harbour Line ferries in 2019."),
            Map.of("sourceId", "chunk:companies/7", "text", "Norland Shipping is based in Bergen, where it employs 900 people.")),
        List.of("chunk:41", "chunk:7"));
    ResponseEntity<String> r = http.post(tenant, "/v1/memory/" + ns + "/events", events(first));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(202);

    List<String> stored = statements(ns);
    // the statements that answered it, not the question and answer as a transcript
    assertThat(stored).anyMatch(s -> s.contains("Harbour Line") && s.contains("2019"));
    assertThat(stored).anyMatch(s -> s.contains("Bergen"));
    assertThat(stored).noneMatch(s -> s.contains("Which company") || s.contains("?"));

    JsonNode recalled = http.recall(tenant, ns, "Where is the company that bought the Harbour Line ferries based?", "");
    Map<String, List<String>> sourcesByStatement = new java.util.HashMap<>();
    recalled.forEach(i -> {
      List<String> refs = new ArrayList<>();
      i.get("provenance").forEach(p -> refs.add(p.path("sourceRef").asString()));
      sourcesByStatement.put(i.get("statement").asString(), refs);
    });
    sourcesByStatement.forEach((statement, refs) -> {
      if (statement.contains("Bergen")) {
        assertThat(refs).containsExactly("chunk:companies/7");
      } else if (statement.contains("Harbour Line")) {
        assertThat(refs).containsExactly("chunk:fleet/41");
      }
    });
    assertThat(sourcesByStatement.keySet()).anyMatch(s -> s.contains("Bergen"));

    // a later answer that used one of those items counts as using memory; one that used none does not
    String itemId = recalled.get(0).get("id").asString();
    String second = writeBack("llm-2", "How many people does Norland Shipping employ?", "It employs 900 people. [1]",
        List.of(Map.of("sourceId", "memory:" + itemId, "text", "Norland Shipping is based in Bergen, where it employs 900 people.")),
        List.of("memory:" + itemId));
    String third = writeBack("llm-3", "When did Norland Shipping open its Oslo office?", "Norland Shipping opened an office in Oslo in 2021. [1]",
        List.of(Map.of("sourceId", "chunk:companies/9", "text", "Norland Shipping opened an office in Oslo in 2021.")),
        List.of("chunk:9"));
    assertThat(http.post(tenant, "/v1/memory/" + ns + "/events", events(second, third)).getStatusCode().value()).isEqualTo(202);
    JsonNode stats = http.stats(tenant, ns);
    assertThat(stats.get("answersWrittenBack").asLong()).isEqualTo(3);
    assertThat(stats.get("answersUsingMemory").asLong()).isEqualTo(1);
    // the restated Bergen sentence is the same knowledge: no second copy
    assertThat(statements(ns).stream().filter(s -> s.contains("Bergen")).count()).isEqualTo(1);

    // a replayed delivery changes nothing
    ResponseEntity<String> replay = http.post(tenant, "/v1/memory/" + ns + "/events", events(first));
    assertThat(json(replay).get("duplicates").asInt()).as(replay.getBody()).isEqualTo(1);
    assertThat(http.stats(tenant, ns).get("answersWrittenBack").asLong()).isEqualTo(3);
  }

  @Test
  void whenAnInteractionCarriesNoContextThenItIsStillReadAsBefore() {
    String ns = "kb-plain";
    String plain = JSON.writeValueAsString(Map.of("id", "chat-1", "kind", "interaction", "question",
        "Where did the team offsite take place?", "answer", "The team offsite took place in Lisbon in May 2026."));
    assertThat(http.post(tenant, "/v1/memory/" + ns + "/events", events(plain)).getStatusCode().value()).isEqualTo(202);
    assertThat(statements(ns)).anyMatch(s -> s.contains("Lisbon"));
    assertThat(http.stats(tenant, ns).get("answersWrittenBack").asLong()).isZero();
  }
}
