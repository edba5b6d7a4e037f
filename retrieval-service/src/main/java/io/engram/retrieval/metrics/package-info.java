/**
 * Domain metrics of the retrieval service (Micrometer meters named {@code engram.*}, {@code engram_*} on
 * {@code /actuator/prometheus}): search and recall latency through observations wrapped around the search
 * beans from outside, so the search code itself stays free of metric calls, and the ingestion queue.
 */
@NullMarked
package io.engram.retrieval.metrics;

import org.jspecify.annotations.NullMarked;
