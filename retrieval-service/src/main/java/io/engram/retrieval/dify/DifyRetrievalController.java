package io.engram.retrieval.dify;

import io.engram.retrieval.RetrievalProperties;
import io.engram.retrieval.recall.ChunkFilter;
import io.engram.retrieval.search.SearchRequest;
import io.engram.retrieval.search.SearchResponse;
import io.engram.retrieval.search.SearchService;
import io.engram.support.identity.InternalIdentity;
import io.engram.support.web.ProblemException;
import io.engram.support.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dify's external knowledge API, as Dify's documentation defines it
 * (https://docs.dify.ai/en/use-dify/knowledge/external-knowledge-api): Dify posts {@code knowledge_id},
 * {@code query}, {@code retrieval_setting} and optionally {@code metadata_condition} to
 * {@code <endpoint>/retrieval} with the API key as bearer token, and expects
 * {@code {"records":[{"content","score","title","metadata"}]}} with HTTP 200 ({@code metadata} always an
 * object, never null). Errors carry Dify's {@code error_code} and {@code error_msg}: 1002 authorization
 * failed (HTTP 403, Dify's documented status for denied access), 2001 the knowledge does not exist
 * (HTTP 404), and 3001, our own code, for a request this endpoint cannot serve (HTTP 400); 1001 (bad
 * Authorization header) is the gateway's to give. Every error body is also the platform's RFC 9457
 * problem document.
 *
 * <p>{@code knowledge_id} names a collection of the caller's tenant; the search is the platform's own
 * pipeline, with its default fusion (min-max normalized, so scores fall in 0..1) and Dify's
 * conditions mapped onto the metadata filter ({@link DifyConditions}).
 */
@RestController
@Tag(name = "dify", description = "Dify external knowledge API")
class DifyRetrievalController {

  static final int AUTHORIZATION_FAILED = 1002;
  static final int KNOWLEDGE_NOT_FOUND = 2001;
  static final int INVALID_REQUEST = 3001;

  private final SearchService search;
  private final RetrievalProperties properties;

  DifyRetrievalController(SearchService search, RetrievalProperties properties) {
    this.search = search;
    this.properties = properties;
  }

  /** One record as Dify reads it. */
  // not Record (java.lang's); the schema keeps the name Dify's API gives it
  @Schema(name = "Record", description = "One record as Dify reads it: a chunk found.")
  record DifyRecord(
      @Schema(description = "The chunk's text.") String content,
      @Schema(description = "The chunk's fused score, clamped to 0..1.") double score,
      @Schema(description = "The document's title; its id when it has none.") String title,
      @Schema(description = "The chunk's metadata with document_id and chunk_id; never null.")
      Map<String, Object> metadata) {
  }

  /** Dify's response body. */
  @Schema(description = "Dify's external knowledge retrieval answer.")
  record Records(@Schema(description = "The records found, best first.") List<DifyRecord> records) {
  }

  @PostMapping(path = "/v1/dify/retrieval", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "difyRetrieval",
      summary = "Dify external knowledge retrieval: knowledge_id is a collection of the caller's tenant")
  Records retrieve(InternalIdentity identity, @RequestBody DifyRetrievalRequest request) {
    if (!identity.hasScope(InternalIdentity.SCOPE_READ)) {
      throw error(HttpStatus.FORBIDDEN, "forbidden", AUTHORIZATION_FAILED,
          "Authorization failed: the API key needs the 'read' scope.");
    }
    // 1. Check what Dify sent
    if (request.knowledgeId() == null || request.knowledgeId().isBlank()) {
      throw invalid("knowledge_id is required.");
    }
    if (request.query() == null || request.query().isBlank()) {
      throw invalid("query is required.");
    }
    if (request.retrievalSetting() == null || request.retrievalSetting().topK() == null) {
      throw invalid("retrieval_setting.top_k is required.");
    }
    int topK = request.retrievalSetting().topK();
    int maxTopK = properties.search().maxTopK();
    if (topK < 1 || topK > maxTopK) {
      throw invalid("retrieval_setting.top_k must be between 1 and " + maxTopK + "; was " + topK + ".");
    }
    Double given = request.retrievalSetting().scoreThreshold();
    double threshold = given == null ? 0.0 : given;
    if (!(threshold >= 0.0 && threshold <= 1.0)) {
      throw invalid("retrieval_setting.score_threshold must be between 0 and 1; was " + given + ".");
    }
    ChunkFilter filter;
    try {
      Object condition = DifyConditions.toFilter(request.metadataCondition());
      filter = condition == null ? null : ChunkFilter.of(condition);
    } catch (DifyConditions.InvalidCondition e) {
      throw invalid(e.getMessage());
    }
    // 2. Search the collection with the platform's pipeline
    SearchResponse response;
    try {
      response = search.search(identity.tenantId(), request.knowledgeId(),
          SearchRequest.builder(request.query()).topK(topK).filter(filter).build());
    } catch (ProblemException e) {
      throw translate(e, request.knowledgeId());
    }
    // 3. Keep what clears the threshold, in Dify's shape
    List<DifyRecord> records = new ArrayList<>();
    for (SearchResponse.Hit hit : response.hits()) {
      double score = Math.clamp(hit.score(), 0.0, 1.0);
      if (score >= threshold) {
        records.add(new DifyRecord(hit.text(), score, hit.title() == null ? hit.documentId() : hit.title(), metadata(hit)));
      }
    }
    return new Records(records);
  }

  private static Map<String, Object> metadata(SearchResponse.Hit hit) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (hit.metadata() != null) {
      metadata.putAll(hit.metadata());
    }
    metadata.put("document_id", hit.documentId());
    metadata.put("chunk_id", hit.chunkId());
    return metadata;
  }

  /** The search's own problems in Dify's terms: an unknown or impossible collection is knowledge that does not exist. */
  private static ProblemException translate(ProblemException e, String knowledgeId) {
    String slug = slug(e.getBody());
    if (e.getStatusCode().value() == 404 || slug.equals("invalid-collection-name")) {
      return error(HttpStatus.NOT_FOUND, "knowledge-not-found", KNOWLEDGE_NOT_FOUND,
          "The knowledge does not exist: no collection named '" + knowledgeId + "'.");
    }
    String detail = e.getBody().getDetail();
    return e.getStatusCode().is4xxClientError() ? invalid(detail == null ? slug : detail) : e;
  }

  private static String slug(ProblemDetail problem) {
    String type = problem.getType().toString();
    return type.substring(type.lastIndexOf('/') + 1);
  }

  private static ProblemException invalid(String message) {
    return error(HttpStatus.BAD_REQUEST, "invalid-dify-request", INVALID_REQUEST, message);
  }

  private static ProblemException error(HttpStatus status, String slug, int code, String message) {
    return new ProblemException(status, slug, status.getReasonPhrase(), message)
        .with("error_code", code).with("error_msg", message);
  }

  @ExceptionHandler(ProblemException.class)
  ResponseEntity<ProblemDetail> problem(ProblemException e) {
    ProblemDetail body = Problems.decorate(e.getBody());
    if (body.getProperties() == null || !body.getProperties().containsKey("error_code")) {
      // a problem from outside this controller's checks (the identity filter never gets here): 1002 for refusals
      int status = body.getStatus();
      body.setProperty("error_code", status == 401 || status == 403 ? AUTHORIZATION_FAILED : INVALID_REQUEST);
      body.setProperty("error_msg", body.getDetail());
    }
    return ResponseEntity.status(e.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    return problem(invalid("The body is not a Dify retrieval request in JSON: knowledge_id, query, retrieval_setting"
        + " {top_k, score_threshold}, optional metadata_condition."));
  }
}
