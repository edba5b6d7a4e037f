package io.engram.memory;

import io.engram.testsupport.ServiceContractTests;

/** The platform-wide service contract (health, identity, problems, OpenAPI, migrations) for this service. */
class MemoryApplicationTests extends ServiceContractTests {

  MemoryApplicationTests() {
    super("memory");
  }
}
