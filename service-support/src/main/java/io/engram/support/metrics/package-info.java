/** Metrics defaults every service shares: latency buckets for percentiles across replicas. */
package io.engram.support.metrics;
