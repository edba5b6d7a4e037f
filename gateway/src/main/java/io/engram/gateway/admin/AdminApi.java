package io.engram.gateway.admin;

import io.engram.gateway.keys.StoredKey;
import io.engram.gateway.keys.Tenant;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Set;

/** Request and response bodies of the admin API ({@link AdminController}). */
public final class AdminApi {

  private AdminApi() {
  }

  /** Creates a tenant; {@code rateLimit} overrides the configured per-tenant limit. */
  @Schema(description = "A tenant to create (platform admin only).")
  public record CreateTenant(
      @Schema(description = "The tenant's id, fixed for its life: a letter or digit, then up to 62 letters, digits, '_'"
          + " or '-'.", requiredMode = Schema.RequiredMode.REQUIRED, pattern = "[A-Za-z0-9][A-Za-z0-9_-]{0,62}",
          minLength = 1, maxLength = 63, example = "acme")
      String id,
      @Schema(description = "A display name of 1 to 200 characters, no control characters. Default: the id.",
          minLength = 1, maxLength = 200, example = "Acme Corp")
      String name,
      @Schema(description = "The tenant's own rate limit; absent: the configured per-tenant limit.")
      Tenant.RateLimitOverride rateLimit) {
  }

  /** Creates a key; {@code scopes} from read, write, admin; no {@code expiresAt} means it never expires. */
  @Schema(description = "An API key to create for a tenant.")
  public record CreateKey(
      @Schema(description = "A display name of 1 to 200 characters, no control characters. Default: 'key'.",
          minLength = 1, maxLength = 200, defaultValue = "key", example = "ingestion job")
      String name,
      // the values are described, not declared as an enum: generated clients would then refuse plain strings
      @ArraySchema(arraySchema = @Schema(description = "What the key may do: a non-empty subset of read, write and"
          + " admin (manages the tenant's own keys).", requiredMode = Schema.RequiredMode.REQUIRED), minItems = 1,
          uniqueItems = true, schema = @Schema(pattern = "read|write|admin"))
      Set<String> scopes,
      @Schema(description = "When the key stops working; must lie in the future. Absent: it never expires.")
      Instant expiresAt) {
  }

  /** A key as listed: never its secret. */
  @Schema(description = "An API key as listed: never its secret.")
  public record KeyView(
      @Schema(description = "The key's id (the public part of the key).") String id,
      @Schema(description = "The tenant the key belongs to.") String tenantId,
      @Schema(description = "The key's display name.") String name,
      @ArraySchema(arraySchema = @Schema(description = "What the key may do."), uniqueItems = true,
          schema = @Schema(allowableValues = {"read", "write", "admin"}))
      Set<String> scopes,
      @Schema(description = "When the key was created.") Instant createdAt,
      @Schema(description = "When the key stops working; null: never.") Instant expiresAt,
      @Schema(description = "When the key was revoked; null: it was not.") Instant revokedAt,
      @Schema(description = "When the key was last used (recorded in batches, so it may lag); null: never.")
      Instant lastUsedAt) {

    static KeyView of(StoredKey key) {
      return new KeyView(key.id(), key.tenantId(), key.name(), key.scopes(), key.createdAt(), key.expiresAt(),
          key.revokedAt(), key.lastUsedAt());
    }
  }

  /** A key just made: the only time {@code key} is ever shown. */
  @Schema(description = "An API key just made: the only time its secret is ever shown.")
  public record CreatedKey(
      @Schema(description = "The key's id (the public part of the key).") String id,
      @Schema(description = "The whole key to send as 'Authorization: Bearer <key>'; shown only now, stored only as"
          + " a hash.") String key,
      @Schema(description = "The tenant the key belongs to.") String tenantId,
      @Schema(description = "The key's display name.") String name,
      @ArraySchema(arraySchema = @Schema(description = "What the key may do."), uniqueItems = true,
          schema = @Schema(allowableValues = {"read", "write", "admin"}))
      Set<String> scopes,
      @Schema(description = "When the key stops working; null: never.") Instant expiresAt) {
  }

  /** Who the presented key belongs to. */
  @Schema(description = "Who the presented key belongs to.")
  public record WhoAmI(
      @Schema(description = "The key's tenant.") String tenantId,
      @Schema(description = "The key's id.") String keyId,
      @ArraySchema(arraySchema = @Schema(description = "What the key may do."), uniqueItems = true,
          schema = @Schema(allowableValues = {"read", "write", "admin"}))
      Set<String> scopes,
      @Schema(description = "Whether the key is the platform admin's (manages every tenant).") boolean platformAdmin) {
  }
}
