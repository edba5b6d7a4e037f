/**
 * The memory service's embedder: which model embeds a text (the Chinese one for Han text), item and query
 * vectors, and token counts by the model's tokenizer. Shared by the write path and recall.
 */
@NullMarked
package io.engram.memory.embed;

import org.jspecify.annotations.NullMarked;
