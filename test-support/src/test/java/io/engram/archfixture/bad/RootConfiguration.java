package io.engram.archfixture.bad;

import org.springframework.context.annotation.Configuration;

/** Fixture: a root @Configuration, part of the wiring. */
@Configuration
public class RootConfiguration {
}
