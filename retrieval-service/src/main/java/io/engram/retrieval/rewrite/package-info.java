/** Query rewriting strategies: none, RM3, conversational, and chat-model based multi-query, HyDE, decomposition. */
package io.engram.retrieval.rewrite;
