/** Recall paths: exact BM25 in SQL, pgvector HNSW, and the metadata filter language. */
@NullMarked
package io.engram.retrieval.recall;

import org.jspecify.annotations.NullMarked;
