/** Evaluation: the seeded synthetic stream, {@code scripts/eval-memory} and {@code scripts/memory-replay}. */
@NullMarked
package io.engram.eval.memory;

import org.jspecify.annotations.NullMarked;
