/** Configuration of the memory service: settings and the beans that wire the stages together. */
@NullMarked
package io.engram.memory.config;

import org.jspecify.annotations.NullMarked;
