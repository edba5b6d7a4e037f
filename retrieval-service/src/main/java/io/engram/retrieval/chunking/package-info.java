/** Structure parsing (markdown, HTML headings) and token-aware recursive chunking with overlap. */
@NullMarked
package io.engram.retrieval.chunking;

import org.jspecify.annotations.NullMarked;
