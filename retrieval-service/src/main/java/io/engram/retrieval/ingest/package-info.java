/** Durable ingestion: jobs, document preparation (chunk, analyze, embed) and storage. */
@NullMarked
package io.engram.retrieval.ingest;

import org.jspecify.annotations.NullMarked;
