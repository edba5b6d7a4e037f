package io.engram.gateway.admin;

import io.engram.gateway.auth.Caller;
import io.engram.gateway.auth.KeyAuthenticator;
import io.engram.gateway.keys.ApiKeys;
import io.engram.gateway.keys.KeyStore;
import io.engram.gateway.keys.Tenant;
import io.engram.gateway.problem.GatewayProblem;
import io.engram.support.identity.InternalIdentity;
import io.engram.support.identity.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The admin API: tenants (platform admin only) and their keys (platform admin, or a tenant's own
 * {@code admin} key for that tenant). Keys are shown once, on creation. The authentication filter has
 * already checked the key; this class decides what the caller may manage.
 */
@RestController
@Tag(name = "admin", description = "Tenants and API keys")
class AdminController {

  private static final Set<String> SCOPES = Set.of(InternalIdentity.SCOPE_READ, InternalIdentity.SCOPE_WRITE,
      InternalIdentity.SCOPE_ADMIN);

  /** Records an audit view shows when no limit is asked for, and the most it shows at once. */
  static final int DEFAULT_AUDIT_LIMIT = 100;
  static final int MAX_AUDIT_LIMIT = 1000;

  private final KeyStore store;
  private final KeyAuthenticator authenticator;
  private final AuditLog audit;
  private final Clock clock = Clock.systemUTC();

  AdminController(KeyStore store, KeyAuthenticator authenticator, AuditLog audit) {
    this.store = store;
    this.authenticator = authenticator;
    this.audit = audit;
  }

  @PostMapping("/admin/tenants")
  @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "createTenant", summary = "Create a tenant (platform admin)")
  Mono<ResponseEntity<Tenant>> createTenant(@RequestBody AdminApi.CreateTenant request, ServerWebExchange exchange) {
    requirePlatformAdmin(exchange);
    if (request.id() == null || !InternalIdentity.TENANT_ID.matcher(request.id()).matches()) {
      throw GatewayProblem.badRequest("invalid-tenant-id", "A tenant id must match " + InternalIdentity.TENANT_ID + ".");
    }
    String name = checkName(request.name() == null ? request.id() : request.name());
    Tenant tenant = new Tenant(request.id(), name, null, request.rateLimit());
    Caller caller = Caller.of(exchange);
    String requestId = requestId(exchange);
    return blocking(() -> store.as(KeyStore.PLATFORM, db -> {
      if (!store.createTenant(tenant)) {
        throw GatewayProblem.conflict("tenant-exists", "Tenant '" + tenant.id() + "' exists already.");
      }
      audit.record(caller, AuditLog.Action.TENANT_CREATED, tenant.id(), null, limitDetails(tenant.rateLimit(),
          Map.of("name", name)), requestId);
      return ResponseEntity.status(HttpStatus.CREATED).body(store.findTenant(KeyStore.PLATFORM, tenant.id()).orElseThrow());
    }));
  }

  @GetMapping("/admin/tenants")
  @Operation(operationId = "listTenants", summary = "List tenants (platform admin)")
  Mono<List<Tenant>> listTenants(ServerWebExchange exchange) {
    requirePlatformAdmin(exchange);
    return blocking(store::listTenants);
  }

  @GetMapping("/admin/tenants/{tenant}")
  @Operation(operationId = "getTenant", summary = "Show a tenant")
  Mono<Tenant> tenant(@PathVariable String tenant, ServerWebExchange exchange) {
    String scope = requireManager(exchange, tenant);
    return blocking(() -> store.findTenant(scope, tenant).orElseThrow(() -> noTenant(tenant)));
  }

  @PutMapping("/admin/tenants/{tenant}/rate-limit")
  @Operation(operationId = "setTenantRateLimit", summary = "Set a tenant's rate limit (platform admin)")
  Mono<Tenant> setRateLimit(@PathVariable String tenant, @RequestBody Tenant.RateLimitOverride limit,
      ServerWebExchange exchange) {
    requirePlatformAdmin(exchange);
    Caller caller = Caller.of(exchange);
    String requestId = requestId(exchange);
    return blocking(() -> store.as(KeyStore.PLATFORM, db -> {
      if (!store.updateRateLimit(tenant, limit)) {
        throw noTenant(tenant);
      }
      audit.record(caller, AuditLog.Action.RATE_LIMIT_CHANGED, tenant, null, limitDetails(limit, Map.of()), requestId);
      return store.findTenant(KeyStore.PLATFORM, tenant).orElseThrow();
    }));
  }

  @PostMapping("/admin/tenants/{tenant}/keys")
  @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "createApiKey", summary = "Create an API key; the response is the only time the key is shown")
  Mono<ResponseEntity<AdminApi.CreatedKey>> createKey(@PathVariable String tenant,
      @RequestBody AdminApi.CreateKey request, ServerWebExchange exchange) {
    String scope = requireManager(exchange, tenant);
    Set<String> scopes = request.scopes() == null ? Set.of() : Set.copyOf(request.scopes());
    if (scopes.isEmpty() || !SCOPES.containsAll(scopes)) {
      throw GatewayProblem.badRequest("invalid-scopes", "scopes must be a non-empty subset of " + SCOPES.stream().sorted().toList() + ".");
    }
    if (request.expiresAt() != null && !request.expiresAt().isAfter(clock.instant())) {
      throw GatewayProblem.badRequest("invalid-expiry", "expiresAt must lie in the future.");
    }
    String name = checkName(request.name() == null ? "key" : request.name());
    Caller caller = Caller.of(exchange);
    String requestId = requestId(exchange);
    return blocking(() -> store.as(scope, db -> {
      store.findTenant(scope, tenant).orElseThrow(() -> noTenant(tenant));
      ApiKeys.NewKey key = ApiKeys.generate();
      store.insertKey(tenant, key.id(), name, ApiKeys.hash(key.key()), scopes, request.expiresAt());
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("name", name);
      details.put("scopes", scopes.stream().sorted().toList());
      details.put("expiresAt", request.expiresAt() == null ? null : request.expiresAt().toString());
      audit.record(caller, AuditLog.Action.KEY_CREATED, tenant, key.id(), details, requestId);
      return ResponseEntity.status(HttpStatus.CREATED)
          .body(new AdminApi.CreatedKey(key.id(), key.key(), tenant, name, scopes, request.expiresAt()));
    }));
  }

  @GetMapping("/admin/tenants/{tenant}/keys")
  @Operation(operationId = "listApiKeys", summary = "List a tenant's keys (without secrets)")
  Mono<List<AdminApi.KeyView>> listKeys(@PathVariable String tenant, ServerWebExchange exchange) {
    String scope = requireManager(exchange, tenant);
    return blocking(() -> {
      store.findTenant(scope, tenant).orElseThrow(() -> noTenant(tenant));
      return store.listKeys(tenant).stream().map(AdminApi.KeyView::of).toList();
    });
  }

  @DeleteMapping("/admin/tenants/{tenant}/keys/{id}")
  @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "revokeApiKey", summary = "Revoke a key")
  Mono<ResponseEntity<Void>> revokeKey(@PathVariable String tenant, @PathVariable String id, ServerWebExchange exchange) {
    String scope = requireManager(exchange, tenant);
    Caller caller = Caller.of(exchange);
    String requestId = requestId(exchange);
    return blocking(() -> {
      ResponseEntity<Void> revoked = store.as(scope, db -> {
        if (!store.revokeKey(tenant, id)) {
          throw GatewayProblem.notFound("key-not-found", "Tenant '" + tenant + "' has no key '" + id + "'.");
        }
        audit.record(caller, AuditLog.Action.KEY_REVOKED, tenant, id, Map.of(), requestId);
        return ResponseEntity.noContent().<Void>build();
      });
      // after the commit, so that no replica re-reads the key as live from a transaction still open
      authenticator.forget(id);
      return revoked;
    });
  }

  @GetMapping("/admin/tenants/{tenant}/audit")
  @Operation(operationId = "listAuditRecords", summary = "A tenant's audit trail: tenant created, keys created and"
      + " revoked, rate limit changed, newest first, with the acting key's id (never a secret)")
  Mono<List<AuditLog.AuditRecord>> auditTrail(@PathVariable String tenant,
      @RequestParam(required = false) Integer limit, ServerWebExchange exchange) {
    String scope = requireManager(exchange, tenant);
    int n = limit == null ? DEFAULT_AUDIT_LIMIT : limit;
    if (n < 1 || n > MAX_AUDIT_LIMIT) {
      throw GatewayProblem.badRequest("invalid-limit", "limit must lie between 1 and " + MAX_AUDIT_LIMIT + ".");
    }
    return blocking(() -> {
      store.findTenant(scope, tenant).orElseThrow(() -> noTenant(tenant));
      return audit.list(scope, tenant, n);
    });
  }

  @GetMapping("/auth/whoami")
  @Operation(operationId = "whoAmI", summary = "Who the presented key belongs to")
  AdminApi.WhoAmI whoAmI(ServerWebExchange exchange) {
    Caller caller = Caller.of(exchange);
    return new AdminApi.WhoAmI(caller.tenantId(), caller.keyId(), caller.scopes(), caller.platformAdmin());
  }

  private static String requestId(ServerWebExchange exchange) {
    return exchange.getAttribute(RequestIds.MDC_KEY);
  }

  /** The details of a rate-limit change or a new tenant: the override, or nulls for the configured limit. */
  private static Map<String, Object> limitDetails(Tenant.RateLimitOverride limit, Map<String, Object> more) {
    Map<String, Object> details = new LinkedHashMap<>(more);
    details.put("requestsPerSecond", limit == null ? null : limit.requestsPerSecond());
    details.put("burst", limit == null ? null : limit.burst());
    return details;
  }

  private static void requirePlatformAdmin(ServerWebExchange exchange) {
    if (!Caller.of(exchange).platformAdmin()) {
      throw GatewayProblem.forbidden("forbidden", "Only the platform admin key manages tenants.");
    }
  }

  /** The row-level-security scope to act in, when the caller may manage {@code tenant}. */
  private static String requireManager(ServerWebExchange exchange, String tenant) {
    Caller caller = Caller.of(exchange);
    if (!caller.mayManage(tenant)) {
      throw GatewayProblem.forbidden("forbidden", "Managing keys needs the platform admin key or an 'admin' key of"
          + " the same tenant.");
    }
    return caller.platformAdmin() ? KeyStore.PLATFORM : tenant;
  }

  private static String checkName(String name) {
    if (name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
      throw GatewayProblem.badRequest("invalid-name", "A name has 1 to 200 characters and no control characters.");
    }
    return name;
  }

  private static GatewayProblem noTenant(String tenant) {
    return GatewayProblem.notFound("tenant-not-found", "No tenant '" + truncate(tenant) + "'.");
  }

  private static String truncate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }

  private static <T> Mono<T> blocking(Callable<T> work) {
    return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
  }
}
