/** Namespaces: the per-namespace row that counts events, tokens and written-back answers and serialises writes. */
@NullMarked
package io.engram.memory.namespace;

import org.jspecify.annotations.NullMarked;
