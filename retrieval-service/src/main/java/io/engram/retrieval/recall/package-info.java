/** Recall paths: exact BM25 in SQL, pgvector HNSW, and the metadata filter language. */
package io.engram.retrieval.recall;
