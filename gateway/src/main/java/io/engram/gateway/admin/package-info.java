/**
 * The admin API: tenants, API keys and rate-limit overrides managed over HTTP, and the audit trail of those
 * changes (table {@code gateway.admin_audit}).
 */
@NullMarked
package io.engram.gateway.admin;

import org.jspecify.annotations.NullMarked;
