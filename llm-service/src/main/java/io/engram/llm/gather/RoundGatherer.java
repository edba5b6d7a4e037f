package io.engram.llm.gather;

/**
 * Gathers one round of context for a request: the plain parallel gathering ({@code ContextGatherer}), or one that
 * reads memory first ({@code learn.MemoryFirst}). Not {@code Gatherer}, the name of {@code java.util.stream}'s.
 */
@FunctionalInterface
public interface RoundGatherer {

  Gathered gather(GatherRequest request);
}
