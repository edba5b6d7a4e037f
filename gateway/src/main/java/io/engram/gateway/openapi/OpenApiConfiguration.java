package io.engram.gateway.openapi;

import io.engram.support.openapi.PublicApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's own OpenAPI document (admin API), made a part of the public API like every service's
 * document: the gateway as server, the API key as bearer scheme, shared problems, examples.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String SCHEME = PublicApiCustomizer.SCHEME;

  @Bean
  PublicApiCustomizer gatewayOpenApi() {
    return new PublicApiCustomizer("Engram gateway admin API",
        "Tenants and API keys. Every call needs 'Authorization: Bearer <key>': the platform admin key, or a tenant's"
            + " 'admin' key for that tenant's keys.");
  }
}
