package io.engram.llm.mcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP server through the MCP Java SDK's client over streamable HTTP (what Spring AI's MCP client
 * starter wraps), against WireMock peers speaking the retrieval and memory services' wire contracts. The
 * peers answer tenant A's data only to a request that carries tenant A's signed identity, so every
 * assertion on data is also an assertion that the tool ran as the caller: on whatever thread the MCP
 * server runs a tool, the identity of the HTTP request that carried the call is the one forwarded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "engram.llm.write-back.enabled=false")
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class McpToolsTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final WireMockServer RETRIEVAL = new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private static final WireMockServer MEMORY = new WireMockServer(WireMockConfiguration.options().dynamicPort());

  private static final String TENANT_A = TestIdentities.uniqueTenant("mcp-a");
  private static final String TENANT_B = TestIdentities.uniqueTenant("mcp-b");
  private static final String FOUNDED = "Acme was founded by Jane Roe in 1999 in Lyon. It makes anvils.";

  static {
    RETRIEVAL.start();
    MEMORY.start();
    // tenant A owns collection handbook and namespace notes; for anyone else they do not exist (the services'
    // own behaviour: 404 for an unknown collection, an empty list for an unknown namespace)
    RETRIEVAL.stubFor(post(urlPathEqualTo("/v1/collections/handbook/search")).atPriority(1)
        .withHeader("X-Engram-Identity", matching(tenantToken(TENANT_A)))
        .willReturn(json(200, """
            {"collection":"handbook","query":"who founded acme","hits":[
              {"chunkId":"c-1","documentId":"d-1","text":"%s","title":"About Acme",
               "metadata":{"lang":"en"},"score":0.91}]}""".formatted(FOUNDED))));
    RETRIEVAL.stubFor(post(urlPathEqualTo("/v1/collections/handbook/search")).atPriority(5)
        .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json").withBody("""
            {"type":"https://engram.dev/problems/collection-not-found","title":"Not Found","status":404,
             "detail":"Collection 'handbook' does not exist."}""")));
    MEMORY.stubFor(post(urlPathEqualTo("/v1/memory/notes/recall")).atPriority(1)
        .withHeader("X-Engram-Identity", matching(tenantToken(TENANT_A)))
        .willReturn(json(200, """
            {"items":[{"id":"m-7","statement":"The office moved to Berlin on 1 March 2024.","kind":"fact",
              "validFrom":"2024-03-01T00:00:00Z","support":2.0,"score":0.8,"archived":false,
              "provenance":[{"eventId":"e-1"}]}]}""")));
    MEMORY.stubFor(post(urlPathEqualTo("/v1/memory/notes/recall")).atPriority(5).willReturn(json(200, "{\"items\":[]}")));
    MEMORY.stubFor(post(urlPathEqualTo("/v1/memory/notes/events"))
        .willReturn(json(202, "{\"accepted\":1,\"duplicates\":0,\"rejected\":[]}")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  /** The signed identity's wire form starts with its tenant: {@code v1.<tenant>.<scopes>.<expiry>.<mac>}. */
  private static String tenantToken(String tenant) {
    return "v1\\." + tenant.replace("-", "\\-") + "\\..*";
  }

  @DynamicPropertySource
  static void peers(DynamicPropertyRegistry registry) {
    registry.add("engram.sources.retrieval-url", RETRIEVAL::baseUrl);
    registry.add("engram.sources.memory-url", MEMORY::baseUrl);
  }

  @AfterAll
  static void stopPeers() {
    RETRIEVAL.stop();
    MEMORY.stop();
  }

  @LocalServerPort
  int port;

  private McpSyncClient client(String identityToken) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
        .endpoint("/mcp")
        .httpRequestCustomizer((request, method, uri, body, context) -> request.header("X-Engram-Identity", identityToken))
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
    client.initialize();
    return client;
  }

  private static String text(CallToolResult result) {
    return ((McpSchema.TextContent) result.content().getFirst()).text();
  }

  private static JsonNode ok(CallToolResult result) {
    assertThat(result.isError()).as(text(result)).isFalse();
    return JSON.readTree(text(result));
  }

  @Test
  void whenToolsAreListedThenTheFourToolsComeWithTheirParameters() {
    try (McpSyncClient client = client(TestIdentities.token(TENANT_A, "read"))) {
      List<McpSchema.Tool> tools = client.listTools().tools();
      assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("search", "remember", "recall", "ask");
      McpSchema.Tool search = tools.stream().filter(t -> t.name().equals("search")).findFirst().orElseThrow();
      JsonNode schema = JSON.valueToTree(search.inputSchema());
      assertThat(schema.path("properties").propertyNames()).contains("collection", "query", "topK");
      assertThat(schema.path("required").valueStream().map(JsonNode::asString).toList())
          .containsExactlyInAnyOrder("collection", "query");
      assertThat(client.getServerInfo().name()).isEqualTo("engram");
    }
  }

  @Test
  void whenSearchingThenHitsComeFromTheCallersCollectionWithTheCallersIdentityForwarded() {
    String token = TestIdentities.token(TENANT_A, "read");
    try (McpSyncClient client = client(token)) {
      JsonNode result = ok(client.callTool(new McpSchema.CallToolRequest("search",
          Map.of("collection", "handbook", "query", "who founded acme", "topK", 3))));
      assertThat(result.path("hits")).hasSize(1);
      assertThat(result.path("hits").get(0).path("chunkId").asString()).isEqualTo("c-1");
      assertThat(result.path("hits").get(0).path("text").asString()).isEqualTo(FOUNDED);
    }
    RETRIEVAL.verify(postRequestedFor(urlPathEqualTo("/v1/collections/handbook/search"))
        .withHeader("X-Engram-Identity", equalTo(token))
        .withRequestBody(matchingJsonPath("$.topK", equalTo("3"))));
  }

  @Test
  void whenRememberingThenANoteEventGoesToTheNamespaceAsTheCaller() {
    String token = TestIdentities.token(TENANT_A, "read", "write");
    try (McpSyncClient client = client(token)) {
      JsonNode result = ok(client.callTool(new McpSchema.CallToolRequest("remember",
          Map.of("namespace", "notes", "text", "The office moved to Berlin on 1 March 2024."))));
      assertThat(result.path("accepted").asInt()).isEqualTo(1);
      assertThat(result.path("eventId").asString()).startsWith("mcp-")
          .isEqualTo(EngramTools.eventId("notes", "The office moved to Berlin on 1 March 2024.", null));
    }
    MEMORY.verify(postRequestedFor(urlPathEqualTo("/v1/memory/notes/events"))
        .withHeader("X-Engram-Identity", equalTo(token))
        .withRequestBody(matchingJsonPath("$.events[0].kind", equalTo("note")))
        .withRequestBody(matchingJsonPath("$.events[0].text", equalTo("The office moved to Berlin on 1 March 2024."))));
  }

  @Test
  void whenRecallingThenTheCallersItemsComeBack() {
    try (McpSyncClient client = client(TestIdentities.token(TENANT_A, "read"))) {
      JsonNode result = ok(client.callTool(new McpSchema.CallToolRequest("recall",
          Map.of("namespace", "notes", "query", "where is the office"))));
      assertThat(result.path("items")).hasSize(1);
      assertThat(result.path("items").get(0).path("statement").asString()).contains("Berlin");
    }
  }

  @Test
  void whenAskingThenTheAnswerIsGroundedAndCitesTheChunk() {
    try (McpSyncClient client = client(TestIdentities.token(TENANT_A, "read"))) {
      JsonNode result = ok(client.callTool(new McpSchema.CallToolRequest("ask",
          Map.of("question", "Who founded Acme?", "collections", List.of("handbook"), "memoryNamespace", "notes"))));
      assertThat(result.path("grounded").asBoolean()).as(result.toString()).isTrue();
      assertThat(result.path("degraded").asBoolean()).isFalse();
      assertThat(result.path("answer").asString()).contains("Jane Roe").contains("[1]");
      assertThat(result.path("citations").get(0).path("sourceId").asString()).isEqualTo("c-1");
    }
  }

  @Test
  void whenTheKeyLacksTheWriteScopeThenRememberIsRefusedWithAnErrorResultAndNothingIsWritten() {
    String tenant = TestIdentities.uniqueTenant("mcp-ro");
    try (McpSyncClient client = client(TestIdentities.token(tenant, "read"))) {
      CallToolResult result = client.callTool(new McpSchema.CallToolRequest("remember",
          Map.of("namespace", "notes", "text", "Read-only keys cannot write.")));
      assertThat(result.isError()).isTrue();
      assertThat(text(result)).startsWith("forbidden:").contains("'write' scope").contains("[read]");
      // the same session may still read
      assertThat(client.callTool(new McpSchema.CallToolRequest("recall",
          Map.of("namespace", "notes", "query", "anything"))).isError()).isFalse();
    }
    MEMORY.verify(0, postRequestedFor(urlPathEqualTo("/v1/memory/notes/events"))
        .withHeader("X-Engram-Identity", matching(tenantToken(tenant))));
  }

  @Test
  void whenTheKeyLacksTheReadScopeThenSearchIsRefused() {
    try (McpSyncClient client = client(TestIdentities.token(TENANT_A, "write"))) {
      CallToolResult result = client.callTool(new McpSchema.CallToolRequest("search",
          Map.of("collection", "handbook", "query", "acme")));
      assertThat(result.isError()).isTrue();
      assertThat(text(result)).startsWith("forbidden:").contains("'read' scope");
    }
  }

  @Test
  void whenTenantBAsksForTenantAsDataThenItFindsNothingOfIt() {
    String tokenB = TestIdentities.token(TENANT_B, "read");
    try (McpSyncClient client = client(tokenB)) {
      CallToolResult search = client.callTool(new McpSchema.CallToolRequest("search",
          Map.of("collection", "handbook", "query", "who founded acme")));
      assertThat(search.isError()).isTrue();
      assertThat(text(search)).isEqualTo("not-found: Collection 'handbook' does not exist.");
      JsonNode recall = ok(client.callTool(new McpSchema.CallToolRequest("recall",
          Map.of("namespace", "notes", "query", "where is the office"))));
      assertThat(recall.path("items")).isEmpty();
      JsonNode answer = ok(client.callTool(new McpSchema.CallToolRequest("ask",
          Map.of("question", "Who founded Acme?", "memoryNamespace", "notes"))));
      assertThat(answer.path("grounded").asBoolean()).isFalse();
      assertThat(answer.toString()).doesNotContain("Jane Roe").doesNotContain("Berlin");
    }
    RETRIEVAL.verify(postRequestedFor(urlPathEqualTo("/v1/collections/handbook/search"))
        .withHeader("X-Engram-Identity", equalTo(tokenB)));
  }

  @Test
  void whenInputIsBadThenTheErrorResultSaysWhat() {
    try (McpSyncClient client = client(TestIdentities.token(TENANT_A, "read"))) {
      CallToolResult result = client.callTool(new McpSchema.CallToolRequest("ask", Map.of("question", "Who?")));
      assertThat(result.isError()).isTrue();
      assertThat(text(result)).startsWith("no-sources:");
    }
  }

  @Test
  void whenCalledWithoutASignedIdentityThenTheEndpointAnswers401() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/mcp"))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("https://engram.dev/problems/unauthenticated");
  }
}
