/** Calls from one Engram service to another. */
@NullMarked
package io.engram.support.client;

import org.jspecify.annotations.NullMarked;
