/** Context fusion: dedup across memory items and chunks, ordering for the model, packing into a token budget. */
@NullMarked
package io.engram.llm.fusion;

import org.jspecify.annotations.NullMarked;
