package io.engram.memory.api;

import static io.engram.memory.api.MemoryHttp.event;
import static io.engram.memory.api.MemoryHttp.events;
import static io.engram.memory.api.MemoryHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class MemoryApiTests {

  @Autowired
  TestRestTemplate rest;

  @Autowired
  JdbcClient jdbc;

  MemoryHttp http;
  String tenant;

  @BeforeEach
  void setUp() {
    http = new MemoryHttp(rest);
    tenant = TestIdentities.uniqueTenant("mem");
  }

  @Test
  void whenTheSameEventIdIsSentTwiceThenItIsStoredOnce() {
    String body = events(event("e1", "Alice Moreno's city is Lisbon.", "2024-01-01T00:00:00Z"));
    ResponseEntity<String> first = http.post(tenant, "/v1/memory/people/events", body);
    ResponseEntity<String> second = http.post(tenant, "/v1/memory/people/events", body);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(json(first).get("accepted").asInt()).isEqualTo(1);
    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(json(second).get("duplicates").asInt()).isEqualTo(1);
    assertThat(http.stats(tenant, "people").get("events").asLong()).isEqualTo(1);
  }

  @Test
  void whenAValueChangesThenTheOldItemIsSupersededAndRecallShowsTheNewOne() {
    http.post(tenant, "/v1/memory/people/events", events(
        event("e1", "Alice Moreno's city is Lisbon.", "2024-01-01T00:00:00Z"),
        event("e2", "The city of Alice Moreno is Lisbon.", "2024-02-01T00:00:00Z"),
        event("e3", "Alice Moreno moved to Porto.", "2024-03-01T00:00:00Z")));
    JsonNode now = http.recall(tenant, "people", "Which city does Alice Moreno live in?", "\"explain\":true");
    assertThat(now.get(0).get("statement").asString()).contains("Porto");
    assertThat(statements(now)).noneMatch(s -> s.contains("Lisbon"));
    assertThat(now.get(0).get("explanation").get("lexical").get("matchedTerms").toString()).contains("moreno");

    JsonNode then = http.recall(tenant, "people", "Alice Moreno city", "\"asOf\":\"2024-02-15T00:00:00Z\"");
    JsonNode lisbon = then.get(0);
    assertThat(lisbon.get("statement").asString()).contains("Lisbon");
    assertThat(lisbon.get("support").asInt()).isEqualTo(2);
    assertThat(lisbon.get("validTo").asString()).startsWith("2024-03-01");
    assertThat(lisbon.get("provenance").findValuesAsString("eventId")).containsExactly("e1", "e2");

    JsonNode detail = json(http.get(tenant, "/v1/memory/people/items/" + lisbon.get("id").asString()));
    assertThat(detail.get("history").findValuesAsString("action")).containsExactly("ADDED", "MERGED", "SUPERSEDED_BY");
    assertThat(detail.get("supersededBy").asString()).isEqualTo(now.get(0).get("id").asString());
  }

  @Test
  void whenAnOlderValueArrivesLateThenItGoesToHistoryNotToThePresent() {
    http.post(tenant, "/v1/memory/org/events", events(
        event("new", "Acme Corp's headcount is 1350.", "2024-06-01T00:00:00Z"),
        event("old", "Acme Corp's headcount is 1200.", "2024-01-01T00:00:00Z")));
    assertThat(statements(http.recall(tenant, "org", "Acme Corp headcount", ""))).anyMatch(s -> s.contains("1350"))
        .noneMatch(s -> s.contains("1200"));
    assertThat(statements(http.recall(tenant, "org", "Acme Corp headcount", "\"asOf\":\"2024-03-01T00:00:00Z\"")).getFirst())
        .contains("1200");
  }

  @Test
  void whenEnoughFactsAboutOneSubjectThenAConsolidationRoundAbstractsThemAndASupersessionInvalidatesIt() {
    List<String> batch = new ArrayList<>();
    String[] lines = {"Bob Chen's employer is Initech.", "Bob Chen's title is staff engineer.", "Bob Chen lives in Denver.",
        "Bob Chen's manager is Carol Diaz.", "Bob Chen's favorite language is Rust.", "Bob Chen's team size is 8."};
    for (int i = 0; i < lines.length; i++) {
      batch.add(event("b" + i, lines[i], "2024-01-0" + (i + 1) + "T00:00:00Z"));
    }
    http.post(tenant, "/v1/memory/team/events", events(batch.toArray(String[]::new)));
    JsonNode stats = http.stats(tenant, "team");
    assertThat(stats.get("abstractions").asLong()).isEqualTo(1);
    assertThat(stats.get("demotedItems").asLong()).isEqualTo(6);
    // the abstraction replaces its members in the live store: folded (archived), not deleted
    assertThat(stats.get("liveItems").asLong()).isEqualTo(1);
    assertThat(stats.get("archivedItems").asLong()).isEqualTo(6);
    assertThat(statements(http.recall(tenant, "team", "Bob Chen's manager", "\"asOf\":\"2024-01-07T00:00:00Z\"")))
        .contains("Bob Chen's manager is Carol Diaz.");
    JsonNode recalled = http.recall(tenant, "team", "Who is Bob Chen's manager?", "");
    assertThat(recalled.get(0).get("kind").asString()).isEqualTo("abstraction");
    assertThat(recalled.get(0).get("statement").asString()).contains("Carol Diaz").contains("Initech");
    assertThat(recalled.get(0).get("provenance").findValuesAsString("eventId")).contains("b0", "b3");

    http.post(tenant, "/v1/memory/team/events", events(event("b9", "Bob Chen now reports to Erin Fox.", "2024-02-01T00:00:00Z")));
    JsonNode after = http.recall(tenant, "team", "Who is Bob Chen's manager?", "");
    assertThat(statements(after)).noneMatch(s -> s.contains("Carol Diaz"));
    assertThat(statements(after).getFirst()).contains("Erin Fox");
    JsonNode unfolded = http.stats(tenant, "team");
    assertThat(unfolded.get("abstractions").asLong()).isZero();
    // the members come back live: five still current, plus Erin Fox's item; Carol Diaz's is superseded
    assertThat(unfolded.get("liveItems").asLong()).isEqualTo(6);
    assertThat(unfolded.get("archivedItems").asLong()).isZero();
  }

  @Test
  void whenTheSameEventsAreWrittenTwiceThenTheDigestsAreEqualAndDifferentEventsDiffer() {
    String body = events(
        event("1", "Project Falcon's budget is $4.2 million.", "2024-01-01T00:00:00Z"),
        event("2", "The committee approved the new recycling policy after a long debate.", "2024-01-02T00:00:00Z"),
        event("3", "Project Falcon has a budget of 5 million dollars.", "2024-01-03T00:00:00Z"),
        event("4", "The committee approved the new recycling policy after a long debate!", "2024-01-04T00:00:00Z"));
    http.post(tenant, "/v1/memory/a/events", body);
    http.post(tenant, "/v1/memory/b/events", body);
    http.post(tenant, "/v1/memory/c/events", body.replace("5 million", "6 million"));
    JsonNode a = http.stats(tenant, "a");
    assertThat(a.get("digest").asString()).isEqualTo(http.stats(tenant, "b").get("digest").asString())
        .isNotEqualTo(http.stats(tenant, "c").get("digest").asString());
    assertThat(a.get("liveItems").asLong()).isEqualTo(2);
    assertThat(a.get("supersededItems").asLong()).isEqualTo(1);
    assertThat(a.get("ingestedTokens").asLong()).isGreaterThan(a.get("storedTokens").asLong());
    assertThat(a.get("compressionRatio").asDouble()).isGreaterThan(1.0);
  }

  @Test
  void whenARecallNamesAnUnknownNamespaceThenTheResultIsEmpty() {
    assertThat(http.recall(tenant, "never-written", "anything at all", "")).isEmpty();
  }

  @Test
  void whenABatchHoldsAnInvalidTimeOrAnOversizedEventThenA4xxProblemAndNothingIsStored() {
    http.post(tenant, "/v1/memory/strict/events", events(event("ok", "Dana Whitfield's title is COO.", "2024-01-01T00:00:00Z")));
    String before = http.stats(tenant, "strict").get("digest").asString();

    ResponseEntity<String> badTime = http.post(tenant, "/v1/memory/strict/events", events(
        event("x1", "Dana Whitfield's title is CEO.", "2024-02-01T00:00:00Z"), event("x2", "Something else.", "yesterday-ish")));
    assertThat(badTime.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badTime.getBody()).contains("https://engram.dev/problems/invalid-time").contains("x2");

    ResponseEntity<String> farFuture = http.post(tenant, "/v1/memory/strict/events", events(event("x3", "Dana Whitfield's title is CEO.",
        "2999-01-01T00:00:00Z")));
    assertThat(farFuture.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    ResponseEntity<String> huge = http.post(tenant, "/v1/memory/strict/events", events(event("x4", "word ".repeat(2000), null)));
    assertThat(huge.getStatusCode().value()).isEqualTo(413);
    assertThat(huge.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(huge.getBody()).contains("event-too-large");

    ResponseEntity<String> badAsOf = http.post(tenant, "/v1/memory/strict/recall", "{\"query\":\"title\",\"asOf\":\"13/13/2024\"}");
    assertThat(badAsOf.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<String> badNamespace = http.post(tenant, "/v1/memory/bad%20name/events", events(event("y", "Some text here.", null)));
    assertThat(badNamespace.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<String> malformed = http.post(tenant, "/v1/memory/strict/events", "{\"events\": [");
    assertThat(malformed.getStatusCode().is4xxClientError()).isTrue();

    JsonNode after = http.stats(tenant, "strict");
    assertThat(after.get("digest").asString()).isEqualTo(before);
    assertThat(after.get("events").asLong()).isEqualTo(1);
  }

  @Test
  void whenNdjsonHasAMalformedLineThenThatLineIsRejectedAndTheRestAccepted() {
    String body = """
        {"id":"s1","text":"The Riverside bridge will be closed for repairs until June 30, 2025.","eventTime":"2025-01-01T00:00:00Z"}
        {"id":"s2","text": this is not json
        {"id":"s3","text":"Acme Corp employs 1,200 people.","eventTime":"2025-01-02T00:00:00Z"}
        {"id":"s4","text":"The Riverside bridge will be closed for repairs until June 30, 2025!","eventTime":"2025-01-03T00:00:00Z"}
        {"id":"s1","text":"The Riverside bridge will be closed for repairs until June 30, 2025.","eventTime":"2025-01-01T00:00:00Z"}
        {"id":"s5","eventTime":"not a time","text":"x"}
        """;
    ResponseEntity<String> r = http.post(tenant, "/v1/memory/feed/stream", body, MediaType.parseMediaType("application/x-ndjson"));
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode j = json(r);
    // s4 restates s1: accepted (it is a new event) and a NOOP on the item s1 made, not a second item
    assertThat(j.get("accepted").asInt()).isEqualTo(3);
    assertThat(j.get("duplicates").asInt()).isEqualTo(1);
    assertThat(j.get("filtered").asInt()).isZero();
    assertThat(j.get("rejected").findValues("line").stream().map(JsonNode::asInt).toList()).containsExactly(2, 6);
    assertThat(http.stats(tenant, "feed").get("events").asLong()).isEqualTo(3);
    assertThat(http.stats(tenant, "feed").get("liveItems").asLong()).isEqualTo(2);
    JsonNode bridge = http.recall(tenant, "feed", "Riverside bridge repairs", "").get(0);
    assertThat(bridge.get("support").asInt()).isEqualTo(2);
    assertThat(bridge.get("provenance").findValuesAsString("eventId")).containsExactly("s1", "s4");
  }

  @Test
  void whenANamespaceHasAnInterestProfileThenStreamItemsSharingNoTermWithItAreFiltered() {
    // application-test.yml: engram.memory.stream.interests.sports = [football, tennis]
    String body = """
        {"id":"p1","text":"The football club Harbor United signed Leo Marsh as its goalkeeper.","eventTime":"2025-03-01T00:00:00Z"}
        {"id":"p2","text":"Gold's price rose to $2,400 an ounce on Monday.","eventTime":"2025-03-02T00:00:00Z"}
        {"id":"p3","text":"Tennis: the Lakeside Open final moved to Sunday after heavy rain.","eventTime":"2025-03-03T00:00:00Z"}
        """;
    MediaType ndjson = MediaType.parseMediaType("application/x-ndjson");
    JsonNode sports = json(http.post(tenant, "/v1/memory/sports/stream", body, ndjson));
    assertThat(sports.get("accepted").asInt()).isEqualTo(2);
    assertThat(sports.get("filtered").asInt()).isEqualTo(1);
    assertThat(sports.get("filteredItems").get(0).get("id").asString()).isEqualTo("p2");
    assertThat(sports.get("filteredItems").get(0).get("reason").asString()).contains("interest profile");
    assertThat(http.stats(tenant, "sports").get("events").asLong()).isEqualTo(2);
    assertThat(statements(http.recall(tenant, "sports", "What is the price of gold?", ""))).noneMatch(s -> s.contains("Gold"));

    // a namespace without a profile takes everything
    JsonNode open = json(http.post(tenant, "/v1/memory/markets/stream", body, ndjson));
    assertThat(open.get("accepted").asInt()).isEqualTo(3);
    assertThat(open.get("filtered").asInt()).isZero();
    assertThat(statements(http.recall(tenant, "markets", "What is the price of gold?", "")).getFirst()).contains("2,400");
  }

  @Test
  void whenAnotherTenantRecallsOrReadsThenItSeesNothingOfThisTenant() {
    http.post(tenant, "/v1/memory/shared-name/events", events(event("t1", "The vault code of Zeta Labs is 4711.", "2024-01-01T00:00:00Z")));
    JsonNode mine = http.recall(tenant, "shared-name", "Zeta Labs vault code", "");
    assertThat(mine).hasSize(1);
    String id = mine.get(0).get("id").asString();

    String intruder = TestIdentities.uniqueTenant("intruder");
    assertThat(http.recall(intruder, "shared-name", "Zeta Labs vault code", "\"includeArchived\":true")).isEmpty();
    http.post(intruder, "/v1/memory/shared-name/events", events(event("t1", "Unrelated notes about gardening tools.", null)));
    assertThat(statements(http.recall(intruder, "shared-name", "Zeta Labs vault code 4711", ""))).noneMatch(s -> s.contains("4711"));
    assertThat(http.get(intruder, "/v1/memory/shared-name/items/" + id).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.stats(intruder, "shared-name").get("events").asLong()).isEqualTo(1);
  }

  @Test
  void whenTheDatabaseIsAskedWithoutATenantSettingThenRowLevelSecurityShowsNothing() {
    http.post(tenant, "/v1/memory/rls/events", events(event("r1", "The vault code of Zeta Labs is 4711.", null)));
    // the app role owns the tables; FORCE makes the policies apply to it too
    assertThat(jdbc.sql("select count(*) from memory.items where tenant_id = ?").param(tenant).query(Long.class).single()).isZero();
    assertThat(jdbc.sql("select count(*) from memory.events where tenant_id = ?").param(tenant).query(Long.class).single()).isZero();
    List<String> unforced = jdbc.sql("select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        + " where n.nspname = 'memory' and c.relkind = 'r' and c.relname <> 'flyway_schema_history'"
        + " and not (c.relrowsecurity and c.relforcerowsecurity)").query(String.class).list();
    assertThat(unforced).isEmpty();
  }

  @Test
  void whenScopesAreMissingThen403() {
    assertThat(http.post(tenant, "/v1/memory/s/events", events(event("z", "Some text here today.", null)), "read").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.post(tenant, "/v1/memory/s/recall", "{\"query\":\"x\"}", "write").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.get(tenant, "/v1/memory/s/stats", "write").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void whenOpenApiIsAskedThenTheMemoryEndpointsAreDocumented() {
    String docs = rest.getForObject("/v3/api-docs", String.class);
    assertThat(docs).contains("/v1/memory/{namespace}/events", "/v1/memory/{namespace}/recall",
        "/v1/memory/{namespace}/items/{id}", "/v1/memory/{namespace}/stats", "/v1/memory/{namespace}/stream");
  }

  private static List<String> statements(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.get("statement").asString()));
    return out;
  }
}
