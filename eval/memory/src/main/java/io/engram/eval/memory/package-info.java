/** Evaluation: the seeded synthetic stream, {@code scripts/eval-memory} and {@code scripts/memory-replay}. */
@NullMarked
package io.engram.memory.eval;

import org.jspecify.annotations.NullMarked;
