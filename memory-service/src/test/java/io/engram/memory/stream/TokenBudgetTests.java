package io.engram.memory.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.testsupport.TestIdentities;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SmallBudgetKafkaContext
class TokenBudgetTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired
  TestRestTemplate rest;

  @Autowired
  JdbcClient jdbc;

  @Test
  void whenANamespaceGoesOverItsBudgetThenTheColdestItemsAreArchivedNotDeleted() {
    String tenant = TestIdentities.uniqueTenant("budget");
    String[] people = {"Ada", "Ben", "Cleo", "Dev", "Eva", "Finn", "Gus", "Hana", "Ivo", "Jia"};
    List<String> events = new ArrayList<>();
    for (int i = 0; i < people.length; i++) {
      events.add("{\"id\":\"b" + i + "\",\"text\":\"" + people[i] + " Varga's favourite instrument is the cello number " + i
          + ".\",\"eventTime\":\"2024-01-0" + (i % 9 + 1) + "T00:00:00Z\"}");
    }
    call(tenant, HttpMethod.POST, "/v1/memory/b/events", "{\"events\":[" + String.join(",", events) + "]}");
    // Ada's fact is restated: more support, recent again
    call(tenant, HttpMethod.POST, "/v1/memory/b/events",
        "{\"events\":[{\"id\":\"again\",\"text\":\"Ada Varga's favourite instrument is the cello number 0.\"}]}");

    JsonNode stats = call(tenant, HttpMethod.GET, "/v1/memory/b/stats", null);
    assertThat(stats.get("storedTokens").asLong()).isLessThanOrEqualTo(60);
    assertThat(stats.get("archivedItems").asLong()).isPositive();
    assertThat(stats.get("liveItems").asLong() + stats.get("archivedItems").asLong()).isEqualTo(10);

    JsonNode live = call(tenant, HttpMethod.POST, "/v1/memory/b/recall", "{\"query\":\"favourite instrument cello\",\"topK\":20}").get("items");
    JsonNode all = call(tenant, HttpMethod.POST, "/v1/memory/b/recall",
        "{\"query\":\"favourite instrument cello\",\"topK\":20,\"includeArchived\":true}").get("items");
    assertThat(all.size()).isEqualTo(10).isGreaterThan(live.size());
    assertThat(live.toString()).contains("Ada Varga");
    JsonNode archived = null;
    for (JsonNode i : all) {
      if (i.get("archived").asBoolean()) {
        archived = i;
      }
    }
    assertThat(archived).isNotNull();
    JsonNode detail = call(tenant, HttpMethod.GET, "/v1/memory/b/items/" + archived.get("id").asString(), null);
    assertThat(detail.get("history").findValuesAsString("action")).contains("ARCHIVED");
  }

  private JsonNode call(String tenant, HttpMethod method, String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", TestIdentities.token(tenant, "read", "write"));
    headers.setContentType(MediaType.APPLICATION_JSON);
    String response = rest.exchange(path, method, new HttpEntity<>(body, headers), String.class).getBody();
    return JSON.readTree(response);
  }
}
