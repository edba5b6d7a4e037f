package io.engram.support.identity;

import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who a request acts for inside the platform: the tenant, the scopes its API key grants, and until when
 * the gateway's signature on this statement holds. Services trust nothing else about the caller.
 */
public record InternalIdentity(String tenantId, Set<String> scopes, Instant expiresAt) {

  /** Tenant ids are safe in headers, logs, SQL settings and paths. */
  public static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  public static final String SCOPE_READ = "read";
  public static final String SCOPE_WRITE = "write";
  public static final String SCOPE_ADMIN = "admin";

  public InternalIdentity {
    if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
      throw new IllegalArgumentException("illegal tenant id: " + tenantId + ", must match " + TENANT_ID);
    }
    scopes = Set.copyOf(scopes);
    if (expiresAt == null) {
      throw new IllegalArgumentException("expiresAt cannot be null");
    }
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope) || scopes.contains(SCOPE_ADMIN);
  }
}
