/**
 * The MCP server (Model Context Protocol, streamable HTTP on {@code /mcp}): tools {@code search},
 * {@code remember}, {@code recall} and {@code ask} over the same sources and answer pipeline as the HTTP API,
 * each run as the tenant whose signed identity came with the HTTP request that carried the call.
 */
@NullMarked
package io.engram.llm.mcp;

import org.jspecify.annotations.NullMarked;
