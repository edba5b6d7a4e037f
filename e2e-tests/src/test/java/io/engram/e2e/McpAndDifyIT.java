package io.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The integrations through the gateway with real keys and the real services: an MCP client (the MCP Java
 * SDK over streamable HTTP) searches, remembers, recalls and asks as its key's tenant; another tenant finds
 * none of it; a read-only key cannot remember; Dify's external knowledge call finds the tenant's collection
 * and gets Dify's error codes for bad keys and unknown knowledge.
 */
class McpAndDifyIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static Platform platform;
  static Platform.TenantKey owner;
  static Platform.TenantKey stranger;
  static Platform.TenantKey reader;
  static String marker;

  @BeforeAll
  static void plant() throws Exception {
    platform = Platform.shared();
    owner = platform.newTenant("mcp-owner", "read", "write");
    stranger = platform.newTenant("mcp-stranger", "read", "write");
    reader = platform.newTenant("mcp-reader", "read");
    marker = "zq" + Long.toString(System.nanoTime(), 36);
    assertThat(call(owner.key(), "POST", "/v1/collections", Map.of("name", "handbook")).statusCode()).isEqualTo(201);
    HttpResponse<String> docs = call(owner.key(), "POST", "/v1/collections/handbook/documents", Map.of("documents", List.of(
        Map.of("id", "acme", "title", "About Acme", "text", "Acme was founded by Jane Roe in 1999. Its internal code name is "
            + marker + ".", "metadata", Map.of("topic", "company")),
        Map.of("id", "anvils", "title", "Anvils", "text", "Anvils are made of forged steel and weigh about fifty kilograms.",
            "metadata", Map.of("topic", "products")))));
    assertThat(docs.statusCode()).as(docs.body()).isEqualTo(202);
    awaitJob(owner.key(), JSON.readTree(docs.body()).path("jobId").asString());
  }

  static HttpResponse<String> call(String key, String method, String path, Object body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.url("gateway") + path))
        .timeout(Duration.ofSeconds(60));
    if (key != null) {
      request.header("Authorization", key.contains(" ") ? key : "Bearer " + key);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void awaitJob(String key, String job) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response = call(key, "GET", "/v1/jobs/" + job, null);
      String state = JSON.readTree(response.body()).path("state").asString("");
      if (state.equals("succeeded")) {
        return;
      }
      assertThat(state).as(response.body()).isIn("queued", "running");
      Thread.sleep(200);
    }
    throw new AssertionError("ingestion job " + job + " did not finish");
  }

  static McpSyncClient mcp(String key) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(platform.url("gateway"))
        .endpoint("/mcp")
        .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + key))
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
    client.initialize();
    return client;
  }

  static CallToolResult tool(McpSyncClient client, String name, Map<String, Object> arguments) {
    return client.callTool(new McpSchema.CallToolRequest(name, arguments));
  }

  static String text(CallToolResult result) {
    return ((McpSchema.TextContent) result.content().getFirst()).text();
  }

  static JsonNode ok(CallToolResult result) {
    assertThat(result.isError()).as(text(result)).isFalse();
    return JSON.readTree(text(result));
  }

  @Test
  void anMcpClientSearchesRemembersRecallsAndAsksAsItsKeysTenant() {
    try (McpSyncClient client = mcp(owner.key())) {
      assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
          .containsExactlyInAnyOrder("search", "remember", "recall", "ask");

      JsonNode search = ok(tool(client, "search", Map.of("collection", "handbook", "query", "Acme code name", "topK", 2)));
      assertThat(search.path("hits").get(0).path("text").asString()).contains(marker);

      JsonNode remembered = ok(tool(client, "remember", Map.of("namespace", "notes",
          "text", "The Acme office moved to Lyon in 2024. Badge code " + marker + ".")));
      assertThat(remembered.path("accepted").asInt()).isEqualTo(1);
      // the same statement again is stored once
      assertThat(ok(tool(client, "remember", Map.of("namespace", "notes",
          "text", "The Acme office moved to Lyon in 2024. Badge code " + marker + "."))).path("duplicate").asBoolean()).isTrue();

      JsonNode recall = ok(tool(client, "recall", Map.of("namespace", "notes", "query", "Where is the Acme office?")));
      assertThat(recall.path("items").toString()).contains("Lyon");

      JsonNode answer = ok(tool(client, "ask", Map.of("question", "Who founded Acme?", "collections", List.of("handbook"))));
      assertThat(answer.path("grounded").asBoolean()).as(answer.toString()).isTrue();
      assertThat(answer.path("answer").asString()).contains("Jane Roe");
      assertThat(answer.path("citations")).isNotEmpty();
    }
  }

  @Test
  void anotherTenantFindsNothingOfItThroughMcp() {
    try (McpSyncClient client = mcp(stranger.key())) {
      CallToolResult search = tool(client, "search", Map.of("collection", "handbook", "query", "Acme code name"));
      assertThat(search.isError()).isTrue();
      assertThat(text(search)).startsWith("not-found:").doesNotContain(marker);
      assertThat(ok(tool(client, "recall", Map.of("namespace", "notes", "query", "Acme office badge code"))).path("items"))
          .isEmpty();
      JsonNode answer = ok(tool(client, "ask", Map.of("question", "What is Acme's code name?", "memoryNamespace", "notes")));
      assertThat(answer.path("grounded").asBoolean()).isFalse();
      assertThat(answer.toString()).doesNotContain(marker);
    }
  }

  @Test
  void aReadOnlyKeyCannotRememberButTheGatewayRefusesNoKeyAtAll() throws Exception {
    try (McpSyncClient client = mcp(reader.key())) {
      CallToolResult result = tool(client, "remember", Map.of("namespace", "notes", "text", "Readers cannot write."));
      assertThat(result.isError()).isTrue();
      assertThat(text(result)).startsWith("forbidden:").contains("'write' scope");
    }
    HttpResponse<String> noKey = call(null, "POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
    assertThat(noKey.statusCode()).isEqualTo(401);
  }

  static Map<String, Object> dify(String knowledgeId, String query) {
    return Map.of("knowledge_id", knowledgeId, "query", query,
        "retrieval_setting", Map.of("top_k", 2, "score_threshold", 0.0),
        "metadata_condition", Map.of("logical_operator", "and",
            "conditions", List.of(Map.of("name", "topic", "comparison_operator", "is", "value", "company"))));
  }

  @Test
  void difyFindsTheTenantsCollectionAndGetsDifysErrorCodes() throws Exception {
    HttpResponse<String> found = call(owner.key(), "POST", "/v1/dify/retrieval", dify("handbook", "Acme code name"));
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    JsonNode records = JSON.readTree(found.body()).path("records");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).path("content").asString()).contains(marker);
    assertThat(records.get(0).path("title").asString()).isEqualTo("About Acme");
    assertThat(records.get(0).path("metadata").path("topic").asString()).isEqualTo("company");

    HttpResponse<String> elsewhere = call(stranger.key(), "POST", "/v1/dify/retrieval", dify("handbook", "Acme code name"));
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(elsewhere.body()).path("error_code").asInt()).isEqualTo(2001);
    assertThat(elsewhere.body()).doesNotContain(marker);

    HttpResponse<String> noBearer = call("Token abc", "POST", "/v1/dify/retrieval", dify("handbook", "q"));
    assertThat(noBearer.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(noBearer.body()).path("error_code").asInt()).isEqualTo(1001);

    HttpResponse<String> badKey = call("egk_0000000000000000_" + "A".repeat(43), "POST", "/v1/dify/retrieval",
        dify("handbook", "q"));
    assertThat(badKey.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(badKey.body()).path("error_code").asInt()).isEqualTo(1002);
  }
}
