package io.engram.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API key authentication settings.
 *
 * @param adminKey          the platform's bootstrap admin key ({@code ENGRAM_ADMIN_KEY}); empty disables
 *                          platform administration
 * @param adminKeyFile      a file holding the admin key instead, e.g. a mounted Kubernetes secret
 *                          ({@code ENGRAM_ADMIN_KEY_FILE}); wins over {@code adminKey}
 * @param keyCacheTtl       how long a key lookup is cached; the longest a revocation takes to reach the
 *                          other replicas (the replica that revokes forgets at once)
 * @param lastUseFlush      how often the last-used times gathered in memory are written, in one batch
 */
@ConfigurationProperties("engram.gateway.auth")
public record AuthProperties(
    String adminKey,
    String adminKeyFile,
    @DefaultValue("10s") Duration keyCacheTtl,
    @DefaultValue("30s") Duration lastUseFlush) {
}
