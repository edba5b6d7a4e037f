package io.engram.gateway.auth;

import io.engram.gateway.keys.Tenant;
import io.engram.support.identity.InternalIdentity;
import java.util.Set;
import org.springframework.web.server.ServerWebExchange;

/**
 * The authenticated caller of one request: a tenant's API key with its scopes, or the platform admin
 * (the bootstrap key from configuration), which may manage tenants but never acts as one.
 *
 * @param tenantRateLimit the tenant's own rate limit override, or null for the configured one
 */
public record Caller(String tenantId, String keyId, Set<String> scopes, Tenant.RateLimitOverride tenantRateLimit,
    boolean platformAdmin) {

  /** Exchange attribute under which the authentication filter leaves the caller. */
  public static final String ATTRIBUTE = Caller.class.getName();

  public static final Caller PLATFORM_ADMIN = new Caller(null, "bootstrap", Set.of(), null, true);

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  /** Same rule as {@link InternalIdentity#hasScope}: {@code admin} includes the others. */
  public boolean hasScope(String scope) {
    return !platformAdmin && (scopes.contains(scope) || scopes.contains(InternalIdentity.SCOPE_ADMIN));
  }

  /** May this caller manage the keys of {@code tenant}? The platform admin any, a tenant admin its own. */
  public boolean mayManage(String tenant) {
    return platformAdmin || (tenantId != null && tenantId.equals(tenant) && scopes.contains(InternalIdentity.SCOPE_ADMIN));
  }

  public static Caller of(ServerWebExchange exchange) {
    return exchange.getAttribute(ATTRIBUTE);
  }
}
