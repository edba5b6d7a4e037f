/**
 * Who is calling: the bearer API key (or the platform's bootstrap admin key) resolved to a tenant and
 * scopes, and the scope each route needs.
 */
@NullMarked
package io.engram.gateway.auth;

import org.jspecify.annotations.NullMarked;
