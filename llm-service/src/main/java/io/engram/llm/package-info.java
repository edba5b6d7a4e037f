/** The llm service application and its wiring ({@code LlmConfiguration}: providers, generators, planners). */
@NullMarked
package io.engram.llm;

import org.jspecify.annotations.NullMarked;
