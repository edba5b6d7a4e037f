package io.engram.archfixture.bad.config;

/** Fixture: the wiring. */
public class Wiring {
}
