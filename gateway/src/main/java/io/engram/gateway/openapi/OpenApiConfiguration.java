package io.engram.gateway.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's own OpenAPI document (admin API) with the API key declared as an HTTP bearer scheme. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String SCHEME = "apiKey";

  @Bean
  OpenAPI gatewayOpenApi() {
    return new OpenAPI()
        .info(new Info().title("Engram gateway").version("v1")
            .description("Tenants and API keys. Every call needs 'Authorization: Bearer <key>'."))
        .components(new Components().addSecuritySchemes(SCHEME, bearerScheme()))
        .addSecurityItem(new SecurityRequirement().addList(SCHEME));
  }

  static SecurityScheme bearerScheme() {
    return new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("egk_<id>_<secret>")
        .description("An Engram API key of a tenant (scopes read, write, admin), or the platform admin key"
            + " for the admin API.");
  }
}
