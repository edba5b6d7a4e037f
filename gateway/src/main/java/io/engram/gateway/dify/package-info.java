/** Dify's external knowledge API at the edge: its authentication errors in Dify's error format. */
@NullMarked
package io.engram.gateway.dify;

import org.jspecify.annotations.NullMarked;
