package io.engram.memory.api;

import io.engram.testsupport.TestIdentities;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the memory API as a tenant with scopes, the way the gateway would. */
final class MemoryHttp {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TestRestTemplate http;

  MemoryHttp(TestRestTemplate http) {
    this.http = http;
  }

  ResponseEntity<String> post(String tenant, String path, String body, String... scopes) {
    return post(tenant, path, body, MediaType.APPLICATION_JSON, scopes);
  }

  ResponseEntity<String> post(String tenant, String path, String body, MediaType type, String... scopes) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", TestIdentities.token(tenant, scopes.length == 0 ? new String[] {"read", "write"} : scopes));
    headers.setContentType(type);
    return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
  }

  ResponseEntity<String> get(String tenant, String path, String... scopes) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", TestIdentities.token(tenant, scopes.length == 0 ? new String[] {"read"} : scopes));
    return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
  }

  JsonNode recall(String tenant, String ns, String query, String extra) {
    ResponseEntity<String> r = post(tenant, "/v1/memory/" + ns + "/recall",
        "{\"query\":" + JSON.writeValueAsString(query) + (extra.isEmpty() ? "" : "," + extra) + "}");
    if (!r.getStatusCode().is2xxSuccessful()) {
      throw new AssertionError("recall failed: " + r.getStatusCode() + " " + r.getBody());
    }
    return JSON.readTree(r.getBody()).get("items");
  }

  JsonNode stats(String tenant, String ns) {
    return json(get(tenant, "/v1/memory/" + ns + "/stats"));
  }

  static JsonNode json(ResponseEntity<String> r) {
    return JSON.readTree(r.getBody());
  }

  static String event(String id, String text, String time) {
    return "{\"id\":\"" + id + "\",\"kind\":\"note\",\"text\":" + JSON.writeValueAsString(text)
        + (time == null ? "" : ",\"eventTime\":\"" + time + "\"") + "}";
  }

  static String events(String... events) {
    return "{\"events\":[" + String.join(",", events) + "]}";
  }
}
