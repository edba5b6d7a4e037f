/** Structure parsing (markdown, HTML headings) and token-aware recursive chunking with overlap. */
package io.engram.retrieval.chunking;
