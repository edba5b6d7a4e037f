/** Generation: a Spring AI ChatModel chosen by configuration, or the offline extractive answerer; grounding. */
@NullMarked
package io.engram.llm.generate;

import org.jspecify.annotations.NullMarked;
