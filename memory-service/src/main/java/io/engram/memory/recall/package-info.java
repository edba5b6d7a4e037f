/** Recall: hybrid (vector + lexical) search over the items valid at a point in event time. */
@NullMarked
package io.engram.memory.recall;

import org.jspecify.annotations.NullMarked;
