/** Streams: the NDJSON endpoint's parsing, the Kafka consumer and the filter in front of both. */
@NullMarked
package io.engram.memory.stream;

import org.jspecify.annotations.NullMarked;
