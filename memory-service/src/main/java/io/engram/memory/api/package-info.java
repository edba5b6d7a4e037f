/** The HTTP API: events, stream, recall, items, stats. */
@NullMarked
package io.engram.memory.api;

import org.jspecify.annotations.NullMarked;
