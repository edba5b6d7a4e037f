/** Lexical text analysis: language-specific Lucene analyzers used as a library. */
@NullMarked
package io.engram.text.analysis;

import org.jspecify.annotations.NullMarked;
