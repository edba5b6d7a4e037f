/** Collections: a tenant's knowledge bases, their language and embedding model. */
@NullMarked
package io.engram.retrieval.collection;

import org.jspecify.annotations.NullMarked;
