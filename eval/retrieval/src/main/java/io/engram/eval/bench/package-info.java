/** Benchmarks of the query and ingestion paths against their raw parts (scripts, not tests). */
@NullMarked
package io.engram.eval.bench;

import org.jspecify.annotations.NullMarked;
