/** Metrics of the memory store as a whole: live items and compression of the largest namespaces. */
@NullMarked
package io.engram.memory.metrics;

import org.jspecify.annotations.NullMarked;
