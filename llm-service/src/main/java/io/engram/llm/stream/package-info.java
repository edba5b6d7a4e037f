/** Server-sent-event streams: one writer, with the heartbeat that notices a client gone, for every streaming endpoint. */
@NullMarked
package io.engram.llm.stream;

import org.jspecify.annotations.NullMarked;
