/** Budget: keeps a namespace's live tokens under its budget by archiving the coldest items. */
@NullMarked
package io.engram.memory.budget;

import org.jspecify.annotations.NullMarked;
