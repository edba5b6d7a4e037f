/**
 * Per-tenant and per-key rate limits: two token buckets taken together on every tenant request, kept
 * in Redis so that every gateway replica shares them, in memory when no Redis is configured or reachable.
 */
@NullMarked
package io.engram.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;
