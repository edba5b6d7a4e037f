package io.engram.retrieval.rewrite;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.engram.text.analysis.TextAnalyzers;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatQueryRewriterTests {

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

  private RewriteRequest request(String query) {
    return new RewriteRequest(query, List.of(), null, TextAnalyzers.forLanguage("en"), null);
  }

  @Test
  void multiQueryKeepsTheOriginalAndAddsTheModelsQueries() {
    OpenAiWireMock.answer(server, "1. vitamin D bone density\n- calcitriol skeletal health\n\nosteoporosis vitamin supplements");
    RewrittenQuery rewritten = new ChatQueryRewriter("multi-query", OpenAiWireMock.chatModel(server))
        .rewrite(request("Does vitamin D help bones?"));
    assertThat(rewritten.variants()).extracting(QueryVariant::denseText).containsExactly("Does vitamin D help bones?",
        "vitamin D bone density", "calcitriol skeletal health", "osteoporosis vitamin supplements");
    assertThat(rewritten.variants().get(2).lexicalTerms()).containsKeys("calcitriol", "skelet");
    server.verify(postRequestedFor(urlPathMatching(".*/chat/completions"))
        .withRequestBody(containing("Does vitamin D help bones?")).withRequestBody(containing("gpt-4o-mini")));
  }

  @Test
  void hydeEmbedsTheHypotheticalPassage() {
    OpenAiWireMock.answer(server, "Vitamin D increases calcium absorption and bone mineral density.");
    RewrittenQuery rewritten = new ChatQueryRewriter("hyde", OpenAiWireMock.chatModel(server)).rewrite(request("vitamin D and bones"));
    assertThat(rewritten.variants()).hasSize(2);
    assertThat(rewritten.variants().get(1).denseText()).startsWith("Vitamin D increases calcium");
    assertThat(rewritten.details()).containsEntry("hypotheticalDocument", "Vitamin D increases calcium absorption and bone mineral density.");
  }

  @Test
  void decomposeAddsSubQuestions() {
    OpenAiWireMock.answer(server, "Who directed Alien?\nWhen was that director born?");
    RewrittenQuery rewritten = new ChatQueryRewriter("decompose", OpenAiWireMock.chatModel(server))
        .rewrite(request("When was the director of Alien born?"));
    assertThat(rewritten.variants()).extracting(QueryVariant::label).containsExactly("query", "sub-question", "sub-question");
  }
}
