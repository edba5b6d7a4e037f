package io.engram.retrieval.rewrite;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WireMock server speaking OpenAI's chat completions wire protocol, and a Spring AI ChatModel pointed at
 * it: the only test double the house rules allow, for a paid remote model.
 */
public final class OpenAiWireMock {

  private OpenAiWireMock() {
  }

  public static ChatModel chatModel(WireMockServer server) {
    return OpenAiChatModel.builder()
        .options(OpenAiChatOptions.builder().baseUrl(server.baseUrl() + "/v1").apiKey("test-key").model("gpt-4o-mini")
            .maxRetries(0).build())
        .build();
  }

  /** Every chat completion answers {@code content}. */
  public static void answer(WireMockServer server, String content) {
    String body = JsonMapper.builder().build().writeValueAsString(java.util.Map.of(
        "id", "chatcmpl-test", "object", "chat.completion", "created", 1767225600, "model", "gpt-4o-mini",
        "choices", java.util.List.of(java.util.Map.of("index", 0, "finish_reason", "stop",
            "message", java.util.Map.of("role", "assistant", "content", content))),
        "usage", java.util.Map.of("prompt_tokens", 20, "completion_tokens", 10, "total_tokens", 30)));
    server.stubFor(post(urlPathMatching(".*/chat/completions"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
  }
}
