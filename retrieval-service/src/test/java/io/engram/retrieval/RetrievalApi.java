package io.engram.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.testsupport.TestIdentities;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the retrieval API as one tenant, the way the gateway would (signed identity header). */
public final class RetrievalApi {

  public static final JsonMapper JSON = JsonMapper.builder().build();

  private final TestRestTemplate http;
  private final String identity;

  public RetrievalApi(TestRestTemplate http, String tenant, String... scopes) {
    this.http = http;
    this.identity = TestIdentities.token(tenant, scopes.length == 0 ? new String[] {"read", "write"} : scopes);
  }

  public ResponseEntity<String> call(HttpMethod method, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", identity);
    Object payload = body;
    if (body != null && !(body instanceof String) && !(body instanceof byte[]) && !(body instanceof MultiValueMap<?, ?>)) {
      payload = JSON.writeValueAsString(body);
    }
    if (body instanceof MultiValueMap<?, ?>) {
      headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    } else if (body != null) {
      headers.setContentType(MediaType.APPLICATION_JSON);
    }
    return http.exchange(path, method, new HttpEntity<>(payload, headers), String.class);
  }

  public static JsonNode json(ResponseEntity<String> response) {
    return JSON.readTree(response.getBody());
  }

  public void createCollection(String name) {
    ResponseEntity<String> r = call(HttpMethod.POST, "/v1/collections", Map.of("name", name));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(201);
  }

  /** Submits documents and waits for the job to finish; returns the final job. */
  public JsonNode ingest(String collection, List<Map<String, Object>> documents) {
    ResponseEntity<String> r = call(HttpMethod.POST, "/v1/collections/" + collection + "/documents", Map.of("documents", documents));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(202);
    return awaitJob(json(r).get("jobId").asString());
  }

  public JsonNode upload(String collection, Map<String, byte[]> files) {
    ResponseEntity<String> r = call(HttpMethod.POST, "/v1/collections/" + collection + "/documents", multipart(files));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(202);
    return awaitJob(json(r).get("jobId").asString());
  }

  public static MultiValueMap<String, Object> multipart(Map<String, byte[]> files) {
    MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
    files.forEach((name, content) -> parts.add("files", new ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return name;
      }
    }));
    return parts;
  }

  public JsonNode awaitJob(String jobId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode job = json(call(HttpMethod.GET, "/v1/jobs/" + jobId, null));
      String state = job.get("state").asString();
      if (state.equals("succeeded") || state.equals("failed")) {
        return job;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("job " + jobId + " did not finish in time");
  }

  public ResponseEntity<String> search(String collection, Map<String, Object> request) {
    return call(HttpMethod.POST, "/v1/collections/" + collection + "/search", request);
  }

  public static Map<String, Object> doc(String id, String title, String text, Map<String, Object> metadata) {
    return metadata == null ? Map.of("id", id, "title", title, "text", text)
        : Map.of("id", id, "title", title, "text", text, "metadata", metadata);
  }
}
