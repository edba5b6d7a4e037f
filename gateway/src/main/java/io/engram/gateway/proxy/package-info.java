/**
 * How the gateway reaches the services: Spring Cloud Gateway's HTTP client, with one connection pool per
 * event loop so that a request and its upstream call stay on one thread.
 */
@NullMarked
package io.engram.gateway.proxy;

import org.jspecify.annotations.NullMarked;
