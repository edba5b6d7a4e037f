package io.engram.retrieval;

import io.engram.testsupport.ServiceContractTests;

/** The platform-wide service contract (health, identity, problems, OpenAPI, migrations) for this service. */
class RetrievalApplicationTests extends ServiceContractTests {

  RetrievalApplicationTests() {
    super("retrieval");
  }
}
