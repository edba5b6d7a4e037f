package io.engram.gateway.identity;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway signs the internal identity it forwards.
 *
 * @param secret      HMAC secret shared with the services
 * @param ttl         lifetime of each signed identity
 * @param localTenant the tenant every request acts for until API keys exist
 * @param localScopes the scopes of that tenant
 */
@ConfigurationProperties("engram.identity")
public record GatewayIdentityProperties(
    String secret,
    @DefaultValue("5m") Duration ttl,
    @DefaultValue("local") String localTenant,
    @DefaultValue({"read", "write", "admin"}) Set<String> localScopes) {
}
