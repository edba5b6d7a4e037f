/** Decision: ADD, MERGE, SUPERSEDE or NOOP for one candidate statement against its neighbours. */
@NullMarked
package io.engram.memory.decide;

import org.jspecify.annotations.NullMarked;
