/** The gateway application: the platform's one public entrance. */
@NullMarked
package io.engram.gateway;

import org.jspecify.annotations.NullMarked;
