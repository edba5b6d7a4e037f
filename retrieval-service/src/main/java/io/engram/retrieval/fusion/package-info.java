/** Combining the candidate lists of several recall paths: reciprocal rank fusion and normalized score fusion. */
package io.engram.retrieval.fusion;
