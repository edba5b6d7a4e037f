/** Query rewriting strategies: none, RM3, conversational, and chat-model based multi-query, HyDE, decomposition. */
@NullMarked
package io.engram.retrieval.rewrite;

import org.jspecify.annotations.NullMarked;
