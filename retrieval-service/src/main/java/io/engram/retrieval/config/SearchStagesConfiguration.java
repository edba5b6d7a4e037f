package io.engram.retrieval.config;

import io.engram.retrieval.RetrievalProperties;
import io.engram.retrieval.recall.LexicalRecall;
import io.engram.retrieval.recall.Postings;
import io.engram.retrieval.rerank.ChatReranker;
import io.engram.retrieval.rerank.ConfiguredCrossEncoder;
import io.engram.retrieval.rerank.MmrReranker;
import io.engram.retrieval.rewrite.ChatQueryRewriter;
import io.engram.retrieval.rewrite.ConversationalQueryRewriter;
import io.engram.retrieval.rewrite.NoQueryRewriter;
import io.engram.retrieval.rewrite.Rm3QueryRewriter;
import io.engram.support.tenancy.TenantTransactions;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The named query rewriters and rerankers a search may ask for, as beans ({@code QueryRewriters} and
 * {@code Rerankers} find them by name, in the order declared here). The chat-model strategies are always declared
 * and say they are unavailable when no chat model is configured.
 */
@Configuration(proxyBeanMethods = false)
class SearchStagesConfiguration {

  @Bean
  NoQueryRewriter noQueryRewriter() {
    return new NoQueryRewriter();
  }

  @Bean
  Rm3QueryRewriter rm3QueryRewriter(LexicalRecall lexical, Postings postings, TenantTransactions tenants,
      RetrievalProperties properties) {
    RetrievalProperties.Rewrite r = properties.rewrite();
    return new Rm3QueryRewriter(lexical, postings, tenants, r.feedbackDocuments(), r.feedbackTerms(), r.originalQueryWeight());
  }

  @Bean
  ConversationalQueryRewriter conversationalQueryRewriter(RetrievalProperties properties) {
    return new ConversationalQueryRewriter(properties.rewrite().historyWeight());
  }

  @Bean
  ChatQueryRewriter multiQueryRewriter(ObjectProvider<ChatModel> chat) {
    return new ChatQueryRewriter(ChatQueryRewriter.MULTI_QUERY, () -> chat.getIfAvailable());
  }

  @Bean
  ChatQueryRewriter hydeRewriter(ObjectProvider<ChatModel> chat) {
    return new ChatQueryRewriter(ChatQueryRewriter.HYDE, () -> chat.getIfAvailable());
  }

  @Bean
  ChatQueryRewriter decomposeRewriter(ObjectProvider<ChatModel> chat) {
    return new ChatQueryRewriter(ChatQueryRewriter.DECOMPOSE, () -> chat.getIfAvailable());
  }

  @Bean
  MmrReranker mmrReranker(RetrievalProperties properties) {
    return new MmrReranker(properties.rerank().mmrLambda());
  }

  @Bean
  ChatReranker chatReranker(ObjectProvider<ChatModel> chat) {
    return new ChatReranker(() -> chat.getIfAvailable());
  }

  @Bean
  ConfiguredCrossEncoder crossEncoderReranker(RetrievalProperties properties) {
    return new ConfiguredCrossEncoder(properties.rerank().crossEncoderPath());
  }
}
