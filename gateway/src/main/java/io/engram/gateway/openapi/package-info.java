/** The platform's API description: one OpenAPI document over the gateway and every service, and Swagger UI. */
@NullMarked
package io.engram.gateway.openapi;

import org.jspecify.annotations.NullMarked;
