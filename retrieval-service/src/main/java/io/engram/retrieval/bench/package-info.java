/** Benchmarks of the query and ingestion paths against their raw parts (scripts, not tests). */
package io.engram.retrieval.bench;
