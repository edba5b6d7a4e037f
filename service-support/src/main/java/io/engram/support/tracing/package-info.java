/**
 * Tracing defaults every service shares: OTLP export only when an endpoint is configured, the W3C
 * {@code traceresponse} header, and the trace context carried to the threads that make internal calls.
 */
@NullMarked
package io.engram.support.tracing;

import org.jspecify.annotations.NullMarked;
