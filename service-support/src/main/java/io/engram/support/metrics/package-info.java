/** Metrics defaults every service shares: latency buckets for percentiles across replicas. */
@NullMarked
package io.engram.support.metrics;

import org.jspecify.annotations.NullMarked;
