package io.engram.llm.mcp;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streamable HTTP transport on {@code /mcp}, replacing Spring AI's auto-configured one (which it backs
 * off for) only to add {@link ToolCaller#EXTRACTOR}: Spring AI 2.0.1 offers no property or customizer for
 * the transport context. Everything else (server info, capabilities, the {@code @McpTool} scan) stays with
 * Spring AI's auto-configuration ({@code spring.ai.mcp.server.*} in application.yml).
 */
@Configuration(proxyBeanMethods = false)
class McpServerConfiguration {

  static final String ENDPOINT = "/mcp";

  @Bean
  WebMvcStreamableServerTransportProvider webMvcStreamableServerTransportProvider(
      @Qualifier("mcpServerJsonMapper") JsonMapper mcpJson) {
    return WebMvcStreamableServerTransportProvider.builder()
        .jsonMapper(new JacksonMcpJsonMapper(mcpJson))
        .mcpEndpoint(ENDPOINT)
        .contextExtractor(ToolCaller.EXTRACTOR)
        .build();
  }
}
