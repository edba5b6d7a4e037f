/** The query path and its API. */
@NullMarked
package io.engram.retrieval.search;

import org.jspecify.annotations.NullMarked;
