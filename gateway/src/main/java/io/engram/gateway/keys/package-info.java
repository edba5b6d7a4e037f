/**
 * Tenants and API keys: how keys are made, hashed and stored (schema {@code gateway}), looked up with a
 * short cache, and managed through the admin API.
 */
package io.engram.gateway.keys;
