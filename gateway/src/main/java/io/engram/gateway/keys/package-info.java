/**
 * Tenants and API keys: how keys are made, hashed and stored (schema {@code gateway}), looked up with a
 * short cache; the admin API ({@code admin}) manages them.
 */
package io.engram.gateway.keys;
