package io.engram.memory.extract;

/**
 * What an extractor reads of one event: its kind, its main text and, for interactions, the question and
 * answer separately (facts come from the answer; the exchange itself becomes an episode).
 */
public record EventText(String kind, String text, String question, String answer) {
}
