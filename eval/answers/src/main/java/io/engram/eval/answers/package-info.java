/** The deep-search and learning-loop evaluations (scripts/eval-deep-search, eval-learning), run on the llm-service jar. */
@NullMarked
package io.engram.eval.answers;

import org.jspecify.annotations.NullMarked;
