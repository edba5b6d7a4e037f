package io.engram.llm.provider;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.engram.llm.fusion.ContextFuser;
import io.engram.llm.fusion.PackedContext;
import io.engram.llm.generate.AnswerGenerator;
import io.engram.llm.generate.Corpus;
import io.engram.llm.generate.GeneratedAnswer;
import io.engram.llm.generate.GenerationRequest;
import io.engram.llm.text.TokenCounter;
import java.util.ArrayList;
import java.util.List;

/** Shared set-up of the provider protocol tests: a WireMock server speaking the provider's wire format. */
final class ProviderContract {

  static final String QUESTION = "When was Richard Strauss born?";

  private ProviderContract() {
  }

  static WireMockServer start() {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    return server;
  }

  static PackedContext context() {
    return new ContextFuser(new TokenCounter()).pack(Corpus.PASSAGES.subList(0, 3), 2000, 0);
  }

  static GeneratedAnswer generate(AnswerGenerator generator, boolean stream, List<String> tokens) {
    return generator.generate(new GenerationRequest(QUESTION, List.of(), context(), 200, stream), tokens::add, () -> false);
  }

  static GeneratedAnswer generate(AnswerGenerator generator, boolean stream) {
    return generate(generator, stream, new ArrayList<>());
  }
}
