package io.engram.retrieval.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryRewritersTests {

  @Test
  void findsARewriterByItsNameAndListsTheKnownOnesOnAnUnknownName() {
    QueryRewriter none = new NoQueryRewriter();
    QueryRewriter conversational = new ConversationalQueryRewriter(0.5);
    QueryRewriters rewriters = new QueryRewriters(List.of(none, conversational));
    assertThat(rewriters.named("conversational")).isSameAs(conversational);
    assertThat(rewriters.names()).containsExactly("none", "conversational");
    assertThatThrownBy(() -> rewriters.named("magic")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown rewrite 'magic'; known: [none, conversational]");
  }

  @Test
  void twoRewritersOfOneNameAreAWiringError() {
    assertThatThrownBy(() -> new QueryRewriters(List.of(new NoQueryRewriter(), new NoQueryRewriter())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'none'");
  }

  @Test
  void aChatRewriterWithoutAChatModelSaysItIsUnavailable() {
    assertThat(new ChatQueryRewriter(ChatQueryRewriter.HYDE, () -> null).unavailableReason())
        .contains("'hyde' needs a chat model");
    assertThat(new NoQueryRewriter().unavailableReason()).isNull();
  }
}
