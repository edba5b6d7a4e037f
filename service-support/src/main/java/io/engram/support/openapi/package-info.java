/** The platform's public API description: what every service's OpenAPI document shares. */
package io.engram.support.openapi;
