/** Request ids and the signed internal identity the gateway relays to the services. */
@NullMarked
package io.engram.gateway.identity;

import org.jspecify.annotations.NullMarked;
