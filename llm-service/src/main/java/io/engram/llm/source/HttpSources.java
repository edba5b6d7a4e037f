package io.engram.llm.source;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * {@link RetrievalSource} and {@link MemorySource} over HTTP, on {@link RestClient}s built from Boot's
 * builder so that the request id and the caller's signed identity travel with every call. Each client has
 * its own read timeout as a second wall behind the gatherer's per-call deadline.
 */
public final class HttpSources {

  private HttpSources() {
  }

  static RestClient client(RestClient.Builder builder, String baseUrl, Duration connect, Duration read) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(connect).build();
    JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
    factory.setReadTimeout(read);
    return builder.clone().baseUrl(baseUrl).requestFactory(factory).build();
  }

  static SourceException failure(String source, RuntimeException e) {
    if (e instanceof RestClientResponseException response) {
      HttpStatusCode status = response.getStatusCode();
      String body = response.getResponseBodyAsString();
      return new SourceException(source, status.value(), body.length() > 500 ? body.substring(0, 500) : body,
          source + " answered " + status.value(), e);
    }
    String why = e instanceof RestClientException && e.getCause() != null ? e.getCause().getClass().getSimpleName()
        : e.getClass().getSimpleName();
    return new SourceException(source, 0, null, source + " unreachable (" + why + ")", e);
  }

  /** The retrieval service's search endpoint. */
  public static final class Retrieval implements RetrievalSource {

    private final RestClient http;

    public Retrieval(RestClient.Builder builder, SourceProperties properties) {
      this.http = client(builder, properties.retrievalUrl(), properties.connectTimeout(), properties.retrievalTimeout());
    }

    @Override
    public List<SearchHit> search(String collection, String query, int topK, List<HistoryMessage> history) {
      return searchNoted(collection, query, topK, history).value();
    }

    @Override
    public Noted<List<SearchHit>> searchNoted(String collection, String query, int topK, List<HistoryMessage> history) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("query", query);
      body.put("topK", topK);
      if (!history.isEmpty()) {
        body.put("history", history);
      }
      try {
        SearchResponse response = http.post()
            .uri("/v1/collections/{c}/search", collection)
            .body(body)
            .retrieve()
            .body(SearchResponse.class);
        return response == null ? new Noted<>(List.of(), null)
            : new Noted<>(response.hits() == null ? List.of() : response.hits(), response.staleness());
      } catch (RuntimeException e) {
        throw failure("retrieval", e);
      }
    }

    /** The lookup endpoint's answer: the chunks found (shaped as hits, score 0) and the ids that are gone. */
    record LookupResponse(List<SearchHit> chunks, List<Long> missing) {
    }

    @Override
    public List<SearchHit> lookup(String collection, List<Long> chunkIds, @org.jspecify.annotations.Nullable String identityToken) {
      if (chunkIds.isEmpty()) {
        return List.of();
      }
      try {
        LookupResponse response = http.post()
            .uri("/v1/collections/{c}/chunks/lookup", collection)
            .headers(h -> {
              if (identityToken != null) {
                h.set(io.engram.support.identity.EngramHeaders.IDENTITY, identityToken);
              }
            })
            .body(Map.of("ids", chunkIds))
            .retrieve()
            .body(LookupResponse.class);
        return response == null || response.chunks() == null ? List.of() : response.chunks();
      } catch (RuntimeException e) {
        throw failure("retrieval", e);
      }
    }
  }

  /** The memory service's recall and events endpoints. */
  public static final class Memory implements MemorySource {

    private final RestClient http;

    public Memory(RestClient.Builder builder, SourceProperties properties) {
      this.http = client(builder, properties.memoryUrl(), properties.connectTimeout(), properties.memoryTimeout());
    }

    @Override
    public List<MemoryItem> recall(String namespace, String query, int topK) {
      return recallNoted(namespace, query, topK).value();
    }

    @Override
    public RetrievalSource.Noted<List<MemoryItem>> recallNoted(String namespace, String query, int topK) {
      try {
        RecallResponse response = http.post()
            .uri("/v1/memory/{ns}/recall", namespace)
            .body(Map.of("query", query, "topK", topK))
            .retrieve()
            .body(RecallResponse.class);
        return response == null ? new RetrievalSource.Noted<>(List.of(), null)
            : new RetrievalSource.Noted<>(response.items() == null ? List.of() : response.items(), response.staleness());
      } catch (RuntimeException e) {
        throw failure("memory", e);
      }
    }

    @Override
    public EventsReceipt record(String namespace, List<MemoryEvent> events, String identityToken) {
      try {
        EventsReceipt receipt = http.post()
            .uri("/v1/memory/{ns}/events", namespace)
            .header(io.engram.support.identity.EngramHeaders.IDENTITY, identityToken)
            .body(Map.of("events", events))
            .retrieve()
            .body(EventsReceipt.class);
        return receipt == null ? new EventsReceipt(0, 0, List.of()) : receipt;
      } catch (RuntimeException e) {
        throw failure("memory", e);
      }
    }
  }
}
