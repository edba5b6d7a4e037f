package io.engram.memory.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** OpenAI chat-completions answers as the API sends them, for WireMock stubs of model mode. */
final class OpenAiStubs {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private OpenAiStubs() {
  }

  /** A completed chat answer whose assistant message is {@code content}. */
  static ResponseDefinitionBuilder completion(String content) {
    String message = JSON.writeValueAsString(Map.of("role", "assistant", "content", content));
    return aResponse().withHeader("Content-Type", "application/json").withBody("""
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
         "choices":[{"index":0,"finish_reason":"stop","message":%s}],
         "usage":{"prompt_tokens":10,"completion_tokens":10,"total_tokens":20}}""".formatted(message));
  }
}
