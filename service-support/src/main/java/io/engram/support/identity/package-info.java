/** The signed internal identity that the gateway forwards and every service verifies. */
@NullMarked
package io.engram.support.identity;

import org.jspecify.annotations.NullMarked;
