/** Items: the stored memory (facts, episodes, abstractions), their provenance, history and validity. */
@NullMarked
package io.engram.memory.item;

import org.jspecify.annotations.NullMarked;
