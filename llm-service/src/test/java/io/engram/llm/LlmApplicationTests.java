package io.engram.llm;

import io.engram.testsupport.ServiceContractTests;

/** The platform-wide service contract (health, identity, problems, OpenAPI, migrations) for this service. */
class LlmApplicationTests extends ServiceContractTests {

  LlmApplicationTests() {
    super("llm");
  }
}
