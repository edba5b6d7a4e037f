/** Gathering context from retrieval and memory in parallel, with deadlines and circuit breakers. */
@NullMarked
package io.engram.llm.gather;

import org.jspecify.annotations.NullMarked;
