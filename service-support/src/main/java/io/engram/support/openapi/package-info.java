/** The platform's public API description: what every service's OpenAPI document shares. */
@NullMarked
package io.engram.support.openapi;

import org.jspecify.annotations.NullMarked;
