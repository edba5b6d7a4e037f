/** The answer path's own term analysis ({@code Terms}) and token counting ({@code TokenCounter}). */
@NullMarked
package io.engram.llm.text;

import org.jspecify.annotations.NullMarked;
