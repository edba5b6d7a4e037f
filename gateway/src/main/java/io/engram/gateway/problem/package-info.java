/** RFC 9457 problem documents for every error the gateway answers itself. */
@NullMarked
package io.engram.gateway.problem;

import org.jspecify.annotations.NullMarked;
