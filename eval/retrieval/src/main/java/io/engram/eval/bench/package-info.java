/** Benchmarks of the query and ingestion paths against their raw parts (scripts, not tests). */
@NullMarked
package io.engram.retrieval.bench;

import org.jspecify.annotations.NullMarked;
