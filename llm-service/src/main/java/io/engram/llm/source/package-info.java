/** Clients of the retrieval and memory services behind small interfaces, with the platform's JSON contracts. */
@NullMarked
package io.engram.llm.source;

import org.jspecify.annotations.NullMarked;
