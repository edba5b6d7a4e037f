/** The platform's API description: one OpenAPI document over the gateway and every service, and Swagger UI. */
package io.engram.gateway.openapi;
