/** Collections: a tenant's knowledge bases, their language and embedding model. */
package io.engram.retrieval.collection;
