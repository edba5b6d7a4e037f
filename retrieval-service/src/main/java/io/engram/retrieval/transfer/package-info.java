/** Collection export and restore: a collection as NDJSON out, and that NDJSON bulk-loaded into a new or empty collection. */
@NullMarked
package io.engram.retrieval.transfer;

import org.jspecify.annotations.NullMarked;
