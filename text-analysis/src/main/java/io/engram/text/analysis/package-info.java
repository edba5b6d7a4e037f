/** Lexical text analysis: language-specific Lucene analyzers used as a library. */
package io.engram.text.analysis;
