package io.engram.llm;

import io.engram.llm.answer.AnswerLimits;
import io.engram.llm.answer.AnswerMeters;
import io.engram.llm.answer.AnswerService;
import io.engram.llm.deep.BridgeTermPlanner;
import io.engram.llm.deep.DeepSearch;
import io.engram.llm.learn.MemoryFirst;
import io.engram.llm.deep.FollowUpPlanner;
import io.engram.llm.deep.ModelReflectionPlanner;
import io.engram.llm.fusion.ContextFuser;
import io.engram.llm.gather.ContextGatherer;
import io.engram.llm.generate.AnswerGenerator;
import io.engram.llm.generate.ChatModelAnswerGenerator;
import io.engram.llm.generate.ExtractiveAnswerGenerator;
import io.engram.llm.generate.Grounding;
import io.engram.llm.openai.AssistantProperties;
import io.engram.llm.source.HttpSources;
import io.engram.llm.source.MemorySource;
import io.engram.llm.source.RetrievalSource;
import io.engram.llm.source.SourceProperties;
import io.engram.llm.text.TokenCounter;
import io.engram.llm.writeback.SourceCheck;
import io.engram.llm.writeback.WriteBackOutbox;
import io.engram.llm.writeback.WriteBackProperties;
import io.engram.support.identity.IdentityCodec;
import io.engram.support.tenancy.TenantTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the answer pipeline. The generator follows {@code engram.llm.provider}: {@code none} (default)
 * gives the extractive answerer; {@code openai}, {@code ollama} or {@code anthropic} use the Spring AI
 * chat model of that name, which {@code spring.ai.model.chat} (bound to the same setting) lets exactly
 * one starter create.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({SourceProperties.class, AnswerLimits.class, WriteBackProperties.class,
    AssistantProperties.class})
class LlmConfiguration {

  private static final Logger log = LoggerFactory.getLogger(LlmConfiguration.class);
  static final Set<String> PROVIDERS = Set.of("none", "openai", "ollama", "anthropic");

  @Bean
  TokenCounter tokenCounter() {
    return new TokenCounter();
  }

  @Bean
  RetrievalSource retrievalSource(RestClient.Builder builder, SourceProperties properties) {
    return new HttpSources.Retrieval(builder, properties);
  }

  @Bean
  MemorySource memorySource(RestClient.Builder builder, SourceProperties properties) {
    return new HttpSources.Memory(builder, properties);
  }

  @Bean(destroyMethod = "close")
  ContextGatherer contextGatherer(RetrievalSource retrieval, MemorySource memory, SourceProperties properties) {
    return new ContextGatherer(retrieval, memory, properties,
        ContextGatherer.defaultBreakers(properties.retrievalTimeout().dividedBy(2)));
  }

  @Bean
  ContextFuser contextFuser(TokenCounter tokens, ObjectProvider<ObservationRegistry> observations) {
    return new ContextFuser(tokens, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }

  @Bean
  Grounding grounding(@Value("${engram.llm.grounding.min-coverage:" + Grounding.DEFAULT_MIN_COVERAGE + "}") double min) {
    return new Grounding(min);
  }

  @Bean
  AnswerGenerator answerGenerator(@Value("${engram.llm.provider:none}") String provider, ObjectProvider<ChatModel> models,
      Grounding grounding, TokenCounter tokens,
      @Value("${engram.llm.generation-timeout:60s}") java.time.Duration generationTimeout,
      ObjectProvider<ObservationRegistry> observations) {
    return new io.engram.llm.generate.ObservedAnswerGenerator(
        generator(provider, models, grounding, tokens, generationTimeout), observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }

  private static AnswerGenerator generator(String provider, ObjectProvider<ChatModel> models, Grounding grounding,
      TokenCounter tokens, java.time.Duration generationTimeout) {
    String p = provider.toLowerCase(Locale.ROOT).strip();
    if (!PROVIDERS.contains(p)) {
      throw new IllegalStateException("engram.llm.provider '" + provider + "' is unknown; known: " + PROVIDERS);
    }
    if (p.equals("none")) {
      log.info("no chat model configured (engram.llm.provider=none): answers are extractive");
      return new ExtractiveAnswerGenerator(grounding);
    }
    ChatModel model = models.getIfAvailable();
    if (model == null) {
      throw new IllegalStateException("engram.llm.provider=" + p + " but no Spring AI ChatModel was created: set "
          + "spring.ai.model.chat=" + p + " and the provider's spring.ai." + p + ".* settings");
    }
    ChatModelAnswerGenerator generator = new ChatModelAnswerGenerator(model, p, grounding, tokens, generationTimeout);
    log.info("answers are generated by {}", generator.name());
    return generator;
  }

  @Bean
  FollowUpPlanner followUpPlanner(AnswerGenerator generator, TokenCounter tokens) {
    BridgeTermPlanner offline = new BridgeTermPlanner();
    AnswerGenerator unwrapped = generator instanceof io.engram.llm.generate.ObservedAnswerGenerator observed
        ? observed.delegate() : generator;
    return unwrapped instanceof ChatModelAnswerGenerator chat ? new ModelReflectionPlanner(chat, offline, tokens) : offline;
  }

  @Bean
  MemoryFirst memoryFirst(ContextGatherer gatherer, RetrievalSource retrieval, FollowUpPlanner planner, AnswerLimits limits,
      @Value("${engram.llm.deep.follow-up-weight:" + DeepSearch.DEFAULT_FOLLOW_UP_WEIGHT + "}") double followUpWeight,
      @Value("${engram.llm.deep.follow-up-depth:" + DeepSearch.DEFAULT_FOLLOW_UP_DEPTH + "}") int followUpDepth) {
    return new MemoryFirst(gatherer, retrieval, planner, limits.queriesPerRound(), followUpDepth, followUpWeight);
  }

  @Bean
  DeepSearch deepSearch(ContextGatherer gatherer, MemoryFirst memoryFirst, ContextFuser fuser, FollowUpPlanner planner,
      TokenCounter tokens,
      @Value("${engram.llm.deep.follow-up-weight:" + DeepSearch.DEFAULT_FOLLOW_UP_WEIGHT + "}") double followUpWeight,
      @Value("${engram.llm.deep.follow-up-depth:" + DeepSearch.DEFAULT_FOLLOW_UP_DEPTH + "}") int followUpDepth,
      ObjectProvider<ObservationRegistry> observations) {
    return new DeepSearch(gatherer, memoryFirst, fuser, planner, tokens, followUpWeight, followUpDepth,
        observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }

  @Bean(destroyMethod = "close")
  WriteBackOutbox writeBackOutbox(JdbcClient jdbc, TransactionTemplate transactions, MemorySource memory,
      RetrievalSource retrieval, IdentityCodec identities, WriteBackProperties properties, JsonMapper json,
      MeterRegistry meters, ObjectProvider<Tracer> tracer,
      ObjectProvider<io.micrometer.tracing.propagation.Propagator> propagator) {
    return new WriteBackOutbox(new TenantTransactions(transactions, jdbc), jdbc, memory, identities, properties, json,
        meters, tracer.getIfAvailable(() -> Tracer.NOOP),
        propagator.getIfAvailable(() -> io.micrometer.tracing.propagation.Propagator.NOOP), new SourceCheck(retrieval));
  }

  @Bean
  AnswerService answerService(MemoryFirst gatherer, ContextFuser fuser, DeepSearch deepSearch,
      AnswerGenerator generator, WriteBackOutbox writeBack, AnswerLimits limits, MeterRegistry meters,
      ObjectProvider<Tracer> tracer) {
    return new AnswerService(gatherer, fuser, deepSearch, generator, writeBack, limits, new AnswerMeters(meters),
        tracer.getIfAvailable(() -> Tracer.NOOP));
  }
}
