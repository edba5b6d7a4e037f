/** BEIR evaluation of the real ingestion and search code (scripts/eval-retrieval). */
package io.engram.retrieval.eval;
