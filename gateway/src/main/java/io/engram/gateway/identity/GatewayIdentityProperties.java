package io.engram.gateway.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway signs the internal identity it forwards.
 *
 * @param secret HMAC secret shared with the services
 * @param ttl    lifetime of each signed identity
 */
@ConfigurationProperties("engram.identity")
public record GatewayIdentityProperties(String secret, @DefaultValue("5m") Duration ttl) {
}
