/** Combining the candidate lists of several recall paths: reciprocal rank fusion and normalized score fusion. */
@NullMarked
package io.engram.retrieval.fusion;

import org.jspecify.annotations.NullMarked;
