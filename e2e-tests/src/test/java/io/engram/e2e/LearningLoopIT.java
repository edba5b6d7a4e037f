package io.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The learning loop on the real platform (gateway, llm, retrieval, memory; offline generation): an answer writes
 * back the sentences that answered it with pointers to their chunks; the next answer reads memory first, follows
 * the pointers into the corpus (visible per passage as {@code via: memory-pointer}) and memory counts the reuse; a
 * replaced document makes the memory item stale (the new text answers), a deleted one stops being brought in, and
 * another tenant's pointer brings nothing.
 */
class LearningLoopIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static Platform platform;
  static Platform.TenantKey tenant;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String QUESTION = "Where are the headquarters of Norland Shipping, the company that bought the Harbour Line"
      + " ferry service?";

  @BeforeAll
  static void corpus() throws Exception {
    platform = Platform.shared();
    tenant = platform.newTenant("learning", "read", "write");
    assertThat(call(tenant, "POST", "/v1/collections", Map.of("name", "atlas")).statusCode()).isEqualTo(201);
    ingest(tenant, "atlas", List.of(
        doc("harbour", "Harbour Line", "The Harbour Line ferry service was bought by Norland Shipping in 2019. "
            + "It runs six crossings a day between the old port and the islands."),
        doc("norland", "Norland Shipping", "Norland Shipping is a ferry company founded in 1952. "
            + "Its headquarters are in Bergen, where it employs about 900 people."),
        doc("islands", "Outer Islands", "The Outer Islands are served by several ferry services, busiest in July."),
        doc("port", "Old Port", "The old port was rebuilt in 1998 and hosts a fish market on Saturdays.")));
  }

  static Map<String, Object> doc(String id, String title, String text) {
    return Map.of("id", id, "title", title, "text", text);
  }

  static HttpResponse<String> call(Platform.TenantKey key, String method, String path, Object body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(platform.url("gateway") + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + key.key()).header("Content-Type", "application/json");
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) {
    return JSON.readTree(r.body());
  }

  static void ingest(Platform.TenantKey key, String collection, List<Map<String, Object>> documents) throws Exception {
    HttpResponse<String> r = call(key, "POST", "/v1/collections/" + collection + "/documents", Map.of("documents", documents));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String job = json(r).get("jobId").asString();
    Instant deadline = Instant.now().plusSeconds(120);
    String state = "";
    while (Instant.now().isBefore(deadline) && !state.equals("succeeded") && !state.equals("failed")) {
      Thread.sleep(300);
      state = json(call(key, "GET", "/v1/jobs/" + job, null)).get("state").asString();
    }
    assertThat(state).isEqualTo("succeeded");
  }

  static JsonNode answer(Platform.TenantKey key, String question, String mode, String namespace) throws Exception {
    HttpResponse<String> r = call(key, "POST", "/v1/answers", Map.of("question", question, "mode", mode,
        "collections", List.of("atlas"), "memoryNamespace", namespace));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  static JsonNode stats(Platform.TenantKey key, String namespace) throws Exception {
    return json(call(key, "GET", "/v1/memory/" + namespace + "/stats", null));
  }

  static JsonNode awaitStat(Platform.TenantKey key, String namespace, String field, long atLeast) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    JsonNode s = stats(key, namespace);
    while (s.path(field).asLong() < atLeast && Instant.now().isBefore(deadline)) {
      Thread.sleep(300);
      s = stats(key, namespace);
    }
    assertThat(s.path(field).asLong()).as(field + " in " + s).isGreaterThanOrEqualTo(atLeast);
    return s;
  }

  static List<String> via(JsonNode answer, String documentId) {
    List<String> via = new ArrayList<>();
    answer.path("context").forEach(c -> {
      if (documentId.equals(c.path("documentId").asString())) {
        c.path("via").forEach(v -> via.add(v.asString()));
      }
    });
    return via;
  }

  static JsonNode stage(JsonNode answer, String name) {
    for (JsonNode s : answer.path("trace").path("stages")) {
      if (s.path("stage").asString().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no stage " + name + " in " + answer.path("trace"));
  }

  @Test
  void whatOneAnswerFoundTheNextKnowsAndStaleOrForeignSourcesStopCounting() throws Exception {
    String ns = "learned";
    // 1. the first answer finds the bridge (deep) and writes back what answered it
    JsonNode first = answer(tenant, QUESTION, "deep", ns);
    assertThat(first.path("grounded").asBoolean()).as(first.toString()).isTrue();
    assertThat(first.path("answer").asString()).contains("Bergen");
    assertThat(first.path("writeBack").path("status").asString()).isEqualTo("queued");
    JsonNode afterFirst = awaitStat(tenant, ns, "answersWrittenBack", 1);
    assertThat(afterFirst.path("answersUsingMemory").asLong()).isZero();
    // knowledge, not a transcript: no item holds the question
    JsonNode items = json(call(tenant, "GET", "/v1/memory/" + ns + "/items?limit=50", null)).path("items");
    assertThat(items.size()).isPositive();
    items.forEach(i -> assertThat(i.path("statement").asString()).doesNotContain("?"));

    // 2. the next answer reads memory first and follows its pointers into the corpus
    JsonNode second = answer(tenant, QUESTION, "fast", ns);
    assertThat(second.path("grounded").asBoolean()).as(second.toString()).isTrue();
    assertThat(second.path("answer").asString()).contains("Bergen");
    assertThat(via(second, "norland")).as(second.path("context").toString()).contains("memory-pointer");
    JsonNode memoryFirst = stage(second, "memory-first");
    assertThat(memoryFirst.path("details").path("pointers").asInt()).isPositive();
    assertThat(memoryFirst.path("outcome").asString()).startsWith("memory covers");
    awaitStat(tenant, ns, "answersUsingMemory", 1);
    assertThat(stats(tenant, ns).path("answersWrittenBack").asLong()).isEqualTo(2);

    // 3. a newer stream item says the answer changed: the item the first answer wrote back is superseded, so neither it
    // nor its pointer brings the old answer back (the corpus itself still says Bergen and may be searched)
    String streamed = "streamed";
    assertThat(answer(tenant, QUESTION, "deep", streamed).path("writeBack").path("status").asString()).isEqualTo("queued");
    awaitStat(tenant, streamed, "answersWrittenBack", 1);
    HttpResponse<String> line = call(tenant, "POST", "/v1/memory/" + streamed + "/events", Map.of("events", List.of(Map.of(
        "id", "news-1", "kind", "stream", "eventTime", Instant.now().toString(),
        "text", "Norland Shipping has moved its headquarters from Bergen to Stavanger."))));
    assertThat(line.statusCode()).as(line.body()).isEqualTo(202);
    JsonNode history = json(call(tenant, "GET", "/v1/memory/" + streamed + "/items?includeHistory=true&limit=50", null))
        .path("items");
    String staleId = null;
    String newerId = null;
    for (JsonNode i : history) {
      String statement = i.path("statement").asString();
      if (statement.contains("are in Bergen")) {
        assertThat(i.path("validTo").isNull() || i.path("validTo").isMissingNode()).as("superseded: " + i).isFalse();
        staleId = i.path("id").asString();
      } else if (statement.contains("Stavanger")) {
        newerId = i.path("id").asString();
      }
    }
    assertThat(staleId).as(history.toString()).isNotNull();
    assertThat(newerId).as(history.toString()).isNotNull();
    JsonNode changed = answer(tenant, "Where are the headquarters of Norland Shipping?", "fast", streamed);
    // the superseded item is neither a passage nor the reason a chunk is there; the newer one is in the context
    String stale = "memory:" + staleId;
    List<String> memoryIds = new ArrayList<>();
    changed.path("context").forEach(c -> {
      memoryIds.add(c.path("id").asString());
      c.path("alsoFrom").forEach(a -> memoryIds.add(a.asString()));
    });
    assertThat(memoryIds).as(changed.toString()).doesNotContain(stale).contains("memory:" + newerId);
    JsonNode recalled = json(call(tenant, "POST", "/v1/memory/" + streamed + "/recall",
        Map.of("query", "Where are the headquarters of Norland Shipping?"))).path("items");
    assertThat(recalled.size()).isPositive();
    recalled.forEach(i -> assertThat(i.path("statement").asString()).as("recalled").doesNotContain("are in Bergen"));

    // 4. the document changed: the items read from its old chunk are stale and the new text answers
    List<String> fromOldChunk = new ArrayList<>();
    json(call(tenant, "GET", "/v1/memory/" + ns + "/items?limit=50", null)).path("items").forEach(i -> {
      if (i.path("statement").asString().contains("Bergen")) {
        fromOldChunk.add("memory:" + i.path("id").asString());
      }
    });
    assertThat(fromOldChunk).isNotEmpty();
    ingest(tenant, "atlas", List.of(doc("norland", "Norland Shipping", "Norland Shipping is a ferry company founded in 1952. "
        + "Since 2025 its headquarters are in Stavanger, where it employs about 950 people.")));
    JsonNode third = answer(tenant, QUESTION, "fast", ns);
    assertThat(third.path("answer").asString()).as(third.toString()).doesNotContain("Bergen");
    assertThat(stage(third, "memory-first").path("details").path("staleItems").asInt()).isPositive();
    List<String> used = new ArrayList<>();
    third.path("context").forEach(c -> {
      used.add(c.path("id").asString());
      c.path("alsoFrom").forEach(a -> used.add(a.asString()));
    });
    assertThat(used).as(third.toString()).doesNotContainAnyElementsOf(fromOldChunk);
    assertThat(via(third, "norland")).as("the new text is in the context").isNotEmpty();

    // 5. a deleted document is no longer brought in by memory's pointer
    assertThat(call(tenant, "DELETE", "/v1/collections/atlas/documents/harbour", null).statusCode()).isBetween(200, 204);
    JsonNode fourth = answer(tenant, QUESTION, "fast", ns);
    assertThat(via(fourth, "harbour")).isEmpty();

    // 6. another tenant that plants a pointer to this tenant's chunk gets nothing from it
    Platform.TenantKey stranger = platform.newTenant("learning-stranger", "read", "write");
    assertThat(call(stranger, "POST", "/v1/collections", Map.of("name", "atlas")).statusCode()).isEqualTo(201);
    ingest(stranger, "atlas", List.of(doc("own", "Own", "The stranger's own ferry timetable lists four crossings.")));
    String foreignChunk = null;
    for (JsonNode c : third.path("context")) {
      if ("norland".equals(c.path("documentId").asString())) {
        foreignChunk = c.path("sourceId").asString();
      }
    }
    assertThat(foreignChunk).isNotNull();
    HttpResponse<String> planted = call(stranger, "POST", "/v1/memory/theirs/events", Map.of("events", List.of(Map.of(
        "id", "forged-1", "kind", "interaction", "question", "Where are the headquarters of Norland Shipping?",
        "answer", "Norland Shipping is headquartered in Stavanger.",
        "context", List.of(Map.of("sourceId", "chunk:atlas/" + foreignChunk,
            "text", "Norland Shipping is headquartered in Stavanger."))))));
    assertThat(planted.statusCode()).as(planted.body()).isEqualTo(202);
    JsonNode theirs = answer(stranger, "Where are the headquarters of Norland Shipping?", "fast", "theirs");
    assertThat(via(theirs, "norland")).isEmpty();
    theirs.path("context").forEach(c -> assertThat(c.path("documentId").asString()).isNotEqualTo("norland"));
    assertThat(stage(theirs, "memory-first").path("details").path("pointers").asInt()).isZero();
  }
}
