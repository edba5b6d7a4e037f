/** The deep-search evaluation command (scripts/eval-deep-search), run from the service's jar. */
@NullMarked
package io.engram.llm.eval;

import org.jspecify.annotations.NullMarked;
