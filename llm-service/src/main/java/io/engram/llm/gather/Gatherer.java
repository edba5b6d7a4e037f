package io.engram.llm.gather;

/** Gathers one round of context for a request: the plain parallel gathering, or one that reads memory first. */
@FunctionalInterface
public interface Gatherer {

  Gathered gather(GatherRequest request);
}
