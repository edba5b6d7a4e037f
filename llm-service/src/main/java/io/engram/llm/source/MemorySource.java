package io.engram.llm.source;

import java.util.List;

/**
 * The memory service as the LLM service uses it: recall for context
 * ({@code POST /v1/memory/{ns}/recall}) and events for write-back ({@code POST /v1/memory/{ns}/events}).
 */
public interface MemorySource {

  List<MemoryItem> recall(String namespace, String query, int topK);

  /** {@link #recall} with the memory service's staleness note (see {@link RetrievalSource#searchNoted}). */
  default RetrievalSource.Noted<List<MemoryItem>> recallNoted(String namespace, String query, int topK) {
    return new RetrievalSource.Noted<>(recall(namespace, query, topK), null);
  }

  /** Posts events; {@code identityToken} is the signed identity to act with (write-back runs off-request). */
  EventsReceipt record(String namespace, List<MemoryEvent> events, String identityToken);
}
