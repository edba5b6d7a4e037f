/** Write-back: each answered interaction goes to memory through a table-backed outbox, retried, never blocking. */
@NullMarked
package io.engram.llm.writeback;

import org.jspecify.annotations.NullMarked;
