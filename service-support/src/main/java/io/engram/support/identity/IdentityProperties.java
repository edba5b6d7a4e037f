package io.engram.support.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shared secret behind {@link IdentityCodec} and how long a signed identity lives.
 *
 * @param secret HMAC secret shared by the gateway and the services (at least 16 characters)
 * @param ttl    lifetime of a signed identity; long enough for a deep-search answer to fan out
 */
@ConfigurationProperties("engram.identity")
public record IdentityProperties(String secret, @DefaultValue("5m") Duration ttl) {
}
