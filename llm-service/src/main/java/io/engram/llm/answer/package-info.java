/** The answers API: validation, orchestration of gather, fuse, generate, write-back; JSON and SSE. */
@NullMarked
package io.engram.llm.answer;

import org.jspecify.annotations.NullMarked;
