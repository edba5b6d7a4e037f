/**
 * What the gateway does to every request at the edge, before and around authentication: body size
 * limits, CORS, and an access log that never holds a secret.
 */
@NullMarked
package io.engram.gateway.edge;

import org.jspecify.annotations.NullMarked;
