package io.engram.retrieval.rerank;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.engram.retrieval.rewrite.OpenAiWireMock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatRerankerTests {

  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static List<RerankCandidate> candidates() {
    return List.of(new RerankCandidate(10, "Paris is in France.", 0.9, null),
        new RerankCandidate(20, "Berlin is in Germany.", 0.8, null),
        new RerankCandidate(30, "The capital of France is Paris.", 0.7, null));
  }

  @Test
  void theModelsOrderWinsAndUnmentionedPassagesFollowInFusedOrder() {
    OpenAiWireMock.answer(server, "3, 1");
    List<RerankCandidate> out = new ChatReranker(OpenAiWireMock.chatModel(server)).rerank("capital of France", null, candidates());
    assertThat(out).extracting(RerankCandidate::chunkId).containsExactly(30L, 10L, 20L);
    server.verify(postRequestedFor(urlPathMatching(".*/chat/completions"))
        .withRequestBody(containing("[3] The capital of France is Paris.")).withRequestBody(containing("capital of France")));
  }

  @Test
  void anUnusableAnswerKeepsTheFusedOrder() {
    OpenAiWireMock.answer(server, "I cannot rank these (99).");
    List<RerankCandidate> out = new ChatReranker(OpenAiWireMock.chatModel(server)).rerank("q", null, candidates());
    assertThat(out).extracting(RerankCandidate::chunkId).containsExactly(10L, 20L, 30L);
  }
}
