/** Durable ingestion: jobs, document preparation (chunk, analyze, embed) and storage. */
package io.engram.retrieval.ingest;
