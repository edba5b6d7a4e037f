package io.engram.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.engram.gateway.keys.ApiKeys;
import io.engram.gateway.keys.KeyStore;
import io.engram.gateway.keys.StoredKey;
import io.engram.gateway.problem.GatewayProblem;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import reactor.core.publisher.Mono;

/**
 * Resolves an {@code Authorization} header to a {@link Caller}. Key rows are read with blocking JDBC on
 * virtual threads and cached for {@code key-cache-ttl} (found and not found alike), so the reactive
 * request path blocks no event-loop thread and the database sees at most one lookup per key and period.
 * Concurrent misses for one key share a single lookup.
 */
@Component
public class KeyAuthenticator {

  private static final String BEARER = "bearer ";

  private final KeyStore store;
  private final AdminKey adminKey;
  private final LastUseRecorder lastUse;
  private final AsyncCache<String, Optional<StoredKey>> cache;
  private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
  private final Clock clock = Clock.systemUTC();

  KeyAuthenticator(KeyStore store, AdminKey adminKey, LastUseRecorder lastUse, AuthProperties properties) {
    this.store = store;
    this.adminKey = adminKey;
    this.lastUse = lastUse;
    this.cache = Caffeine.newBuilder()
        .expireAfterWrite(properties.keyCacheTtl())
        .maximumSize(100_000)
        .buildAsync();
  }

  public Mono<Caller> authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Mono.error(problem("missing", "This request needs an API key: send 'Authorization: Bearer <key>'."));
    }
    if (authorization.length() <= BEARER.length() || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Mono.error(problem("malformed", "The Authorization header must be 'Bearer <key>'."));
    }
    String key = authorization.substring(BEARER.length()).strip();
    if (adminKey.matches(key)) {
      return Mono.just(Caller.PLATFORM_ADMIN);
    }
    Optional<String> id = ApiKeys.idOf(key);
    if (id.isEmpty()) {
      return Mono.error(problem("malformed", "This is not an Engram API key (they look like 'egk_<id>_<secret>')."));
    }
    CompletableFuture<Optional<StoredKey>> lookup =
        cache.get(id.get(), (keyId, executor) -> CompletableFuture.supplyAsync(() -> store.findKey(keyId), lookups));
    return Mono.fromFuture(lookup)
        // the lookup runs in a transaction: a database that is down fails it before any query (CannotCreateTransaction)
        .onErrorMap(e -> e instanceof DataAccessException || e instanceof TransactionException,
            e -> GatewayProblem.databaseUnavailable("API keys cannot be checked right now; try again in a few seconds."))
        .map(stored -> check(key, stored));
  }

  private Caller check(String key, Optional<StoredKey> found) {
    // the hash is compared before anything else is revealed about the key
    if (found.isEmpty() || !ApiKeys.matches(key, found.get().secretHash())) {
      throw problem("unknown", "This API key is not known.");
    }
    StoredKey stored = found.get();
    if (stored.revoked()) {
      throw problem("revoked", "This API key was revoked.");
    }
    if (stored.expiredAt(clock.instant())) {
      throw problem("expired", "This API key expired at " + stored.expiresAt() + ".");
    }
    lastUse.used(stored.id());
    return new Caller(stored.tenantId(), stored.id(), stored.scopes(), stored.tenantRateLimit(), false);
  }

  /** Forgets a key at once on this replica, e.g. right after it was revoked here. */
  public void forget(String keyId) {
    cache.synchronous().invalidate(keyId);
  }

  private static GatewayProblem problem(String reason, String detail) {
    return GatewayProblem.unauthenticated("unauthenticated", detail).with("reason", reason);
  }
}
