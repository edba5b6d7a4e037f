/** Retrieval settings and the optional chat model. */
@NullMarked
package io.engram.retrieval.config;

import org.jspecify.annotations.NullMarked;
