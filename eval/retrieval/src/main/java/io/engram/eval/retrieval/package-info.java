/** BEIR evaluation of the real ingestion and search code (scripts/eval-retrieval). */
@NullMarked
package io.engram.retrieval.eval;

import org.jspecify.annotations.NullMarked;
