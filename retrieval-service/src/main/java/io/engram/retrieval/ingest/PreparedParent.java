package io.engram.retrieval.ingest;

/** A parent section of a parent/child collection: stored with its document, never indexed. */
record PreparedParent(String text, int tokenCount) {
}
