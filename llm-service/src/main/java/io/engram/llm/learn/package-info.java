/**
 * The learning loop's read side: what earlier answers wrote back to memory is read before retrieval, followed as
 * pointers into the corpus, used to extend the search with bridge names, and used to ask retrieval for less when it
 * already covers the question.
 */
@NullMarked
package io.engram.llm.learn;

import org.jspecify.annotations.NullMarked;
