package io.engram.llm.mcp;

import io.engram.llm.answer.AnswerCommand;
import io.engram.llm.answer.AnswerListener;
import io.engram.llm.answer.AnswerRequest;
import io.engram.llm.answer.AnswerResponse;
import io.engram.llm.answer.AnswerService;
import io.engram.llm.source.EventsReceipt;
import io.engram.llm.source.MemoryEvent;
import io.engram.llm.source.MemoryItem;
import io.engram.llm.source.MemorySource;
import io.engram.llm.source.RetrievalSource;
import io.engram.llm.source.SearchHit;
import io.engram.llm.source.SourceException;
import io.engram.support.identity.InternalIdentity;
import io.engram.support.web.ProblemException;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The four MCP tools. Each checks the caller's scope ({@code remember} needs {@code write}, the others
 * {@code read}), then runs as the caller's tenant through the same sources and answer pipeline as the
 * HTTP API. Success is the result as JSON text; a refusal or a failure is an MCP error result
 * ({@code isError: true}) whose text starts with a stable code ({@code forbidden}, {@code bad-request},
 * {@code not-found}, {@code unavailable}) and says what to change.
 */
@Component
class EngramTools {

  private static final Logger log = LoggerFactory.getLogger(EngramTools.class);
  static final int DEFAULT_TOP_K = 5;

  private final RetrievalSource retrieval;
  private final MemorySource memory;
  private final AnswerService answers;
  private final JsonMapper json;

  EngramTools(RetrievalSource retrieval, MemorySource memory, AnswerService answers, JsonMapper json) {
    this.retrieval = retrieval;
    this.memory = memory;
    this.answers = answers;
    this.json = json;
  }

  @McpTool(name = "search", description = "Search one collection (knowledge base) of your tenant: hybrid dense + BM25"
      + " recall, fusion and reranking. Returns the best passages with their chunk and document ids and scores.",
      annotations = @McpTool.McpAnnotations(readOnlyHint = true, destructiveHint = false, openWorldHint = false))
  CallToolResult search(McpTransportContext context,
      @McpToolParam(description = "Collection name, e.g. handbook") String collection,
      @McpToolParam(description = "What to search for") String query,
      @McpToolParam(description = "How many passages to return (default 5)", required = false) @Nullable Integer topK) {
    return call(context, InternalIdentity.SCOPE_READ, caller -> {
      List<SearchHit> hits = retrieval.search(collection, query, topK == null ? DEFAULT_TOP_K : topK, List.of());
      return Map.of("collection", collection, "hits", hits);
    });
  }

  @McpTool(name = "remember", description = "Write a statement into a memory namespace of your tenant. The memory"
      + " service extracts facts, merges near-duplicates and supersedes outdated values; the same text with the same"
      + " event time is stored once.",
      annotations = @McpTool.McpAnnotations(readOnlyHint = false, destructiveHint = false, idempotentHint = true,
          openWorldHint = false))
  CallToolResult remember(McpTransportContext context,
      @McpToolParam(description = "Memory namespace, e.g. support") String namespace,
      @McpToolParam(description = "The statement or text to remember") String text,
      @McpToolParam(description = "When it became true, ISO-8601 (default: now)", required = false)
      @Nullable String eventTime) {
    return call(context, InternalIdentity.SCOPE_WRITE, caller -> {
      String eventId = eventId(namespace, text, eventTime);
      EventsReceipt receipt = memory.record(namespace,
          List.of(new MemoryEvent(eventId, "note", text, null, null, null, eventTime, null)), caller.token());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("namespace", namespace);
      result.put("eventId", eventId);
      result.put("accepted", receipt.accepted());
      result.put("duplicate", receipt.duplicates() > 0);
      return result;
    });
  }

  @McpTool(name = "recall", description = "Recall what a memory namespace of your tenant holds about a query: live"
      + " items valid now, with their validity interval, support and provenance.",
      annotations = @McpTool.McpAnnotations(readOnlyHint = true, destructiveHint = false, openWorldHint = false))
  CallToolResult recall(McpTransportContext context,
      @McpToolParam(description = "Memory namespace, e.g. support") String namespace,
      @McpToolParam(description = "What to recall") String query,
      @McpToolParam(description = "How many items to return (default 5)", required = false) @Nullable Integer topK) {
    return call(context, InternalIdentity.SCOPE_READ, caller -> {
      List<MemoryItem> items = memory.recall(namespace, query, topK == null ? DEFAULT_TOP_K : topK);
      return Map.of("namespace", namespace, "items", items);
    });
  }

  @McpTool(name = "ask", description = "Answer a question from collections and/or a memory namespace of your tenant,"
      + " with citations ([1], [2] ... in the answer text, each pointing at a chunk or memory item). Says so when the"
      + " sources do not support an answer.",
      annotations = @McpTool.McpAnnotations(readOnlyHint = true, destructiveHint = false, openWorldHint = false))
  CallToolResult ask(McpTransportContext context,
      @McpToolParam(description = "The question") String question,
      @McpToolParam(description = "Collections to answer from", required = false) @Nullable List<String> collections,
      @McpToolParam(description = "Memory namespace to answer from", required = false) @Nullable String memoryNamespace,
      @McpToolParam(description = "fast (one retrieval round, default) or deep (iterative search)", required = false)
      @Nullable String mode) {
    return call(context, InternalIdentity.SCOPE_READ, caller -> {
      AnswerCommand command = answers.command(
          new AnswerRequest(question, collections, memoryNamespace, null, mode, false, null));
      AnswerResponse response = answers.answer(command, caller.tenantId(), caller.requestId(), AnswerListener.NONE);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("answer", response.answer());
      result.put("citations", response.citations());
      result.put("grounded", response.grounded());
      result.put("generator", response.generator());
      result.put("degraded", response.degraded());
      result.put("degradedReasons", response.degradedReasons());
      result.put("context", response.context());
      return result;
    });
  }

  /** Scope check, then the work as the caller; every failure becomes an error result, never a protocol error. */
  private CallToolResult call(McpTransportContext context, String scope, Function<ToolCaller, Object> work) {
    try {
      ToolCaller caller = ToolCaller.of(context).require(scope);
      Object result = caller.run(() -> work.apply(caller));
      return CallToolResult.builder().addTextContent(json.writeValueAsString(result)).build();
    } catch (ToolCaller.ToolRefusal e) {
      return error(e.code(), e.getMessage());
    } catch (ProblemException e) {
      String detail = e.getBody().getDetail();
      return error(slug(e), detail == null ? e.getMessage() : detail);
    } catch (SourceException e) {
      if (e.isClientError()) {
        return error(e.status() == 404 ? "not-found" : "bad-request", problemDetail(e));
      }
      log.warn("MCP tool call failed: {}", e.getMessage());
      return error("unavailable", e.getMessage() + "; try again later.");
    }
  }

  private static CallToolResult error(String code, String message) {
    return CallToolResult.builder().isError(true).addTextContent(code + ": " + message).build();
  }

  private static String slug(ProblemException e) {
    String type = e.getBody().getType().toString();
    return type.substring(type.lastIndexOf('/') + 1);
  }

  /** The detail of the problem document a peer answered with, else what is known. */
  private String problemDetail(SourceException e) {
    if (e.detail() != null) {
      try {
        JsonNode problem = json.readTree(e.detail());
        if (problem.path("detail").isString()) {
          return problem.path("detail").asString();
        }
      } catch (RuntimeException notJson) {
        // fall through
      }
    }
    return e.getMessage();
  }

  /** Same namespace, text and event time: same event id, so the memory service stores it once. */
  static String eventId(String namespace, String text, @Nullable String eventTime) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((namespace + "\n" + (eventTime == null ? "" : eventTime) + "\n" + text)
          .getBytes(StandardCharsets.UTF_8));
      return "mcp-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
