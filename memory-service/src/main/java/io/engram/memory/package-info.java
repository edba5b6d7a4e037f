/** The memory service application and its settings ({@code engram.memory.*}). */
@NullMarked
package io.engram.memory;

import org.jspecify.annotations.NullMarked;
