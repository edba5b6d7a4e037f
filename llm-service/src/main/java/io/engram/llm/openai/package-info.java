/** The OpenAI-compatible chat completions endpoint over the answers pipeline. */
@NullMarked
package io.engram.llm.openai;

import org.jspecify.annotations.NullMarked;
