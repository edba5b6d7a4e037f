/** BEIR evaluation of the real ingestion and search code (scripts/eval-retrieval). */
@NullMarked
package io.engram.eval.retrieval;

import org.jspecify.annotations.NullMarked;
