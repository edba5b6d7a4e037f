/** Consolidation: periodic rounds that cluster related facts into abstractions and demote their members. */
@NullMarked
package io.engram.memory.consolidate;

import org.jspecify.annotations.NullMarked;
