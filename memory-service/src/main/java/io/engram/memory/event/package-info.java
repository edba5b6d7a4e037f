/** Events: intake, validation and idempotency, and the write path that turns each event into items. */
@NullMarked
package io.engram.memory.event;

import org.jspecify.annotations.NullMarked;
