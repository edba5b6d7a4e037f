/** Deep search: an iterative retrieve, judge, re-query loop under hard limits on rounds, time and tokens. */
@NullMarked
package io.engram.llm.deep;

import org.jspecify.annotations.NullMarked;
