/**
 * Tenants and API keys: how keys are made, hashed and stored (schema {@code gateway}), looked up with a
 * short cache; the admin API ({@code admin}) manages them.
 */
@NullMarked
package io.engram.gateway.keys;

import org.jspecify.annotations.NullMarked;
