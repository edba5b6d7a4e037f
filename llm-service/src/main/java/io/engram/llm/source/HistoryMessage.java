package io.engram.llm.source;

/** One earlier turn of a conversation: {@code role} is user, assistant or system. */
public record HistoryMessage(String role, String content) {
}
