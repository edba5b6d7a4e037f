/** The query path and its API. */
package io.engram.retrieval.search;
