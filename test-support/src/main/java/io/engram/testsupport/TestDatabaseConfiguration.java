package io.engram.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Import into a database test: when no database URL is given, a pgvector container is started with
 * Docker and connected through {@code @ServiceConnection}; with no Docker either, the context fails
 * with a message that says what to set.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

  @Bean
  @ServiceConnection
  @Conditional(NoDatabaseGiven.class)
  PostgreSQLContainer postgres() {
    if (!TestDatabase.dockerAvailable()) {
      throw TestDatabase.missing();
    }
    return new PostgreSQLContainer(DockerImageName.parse(TestDatabase.IMAGE).asCompatibleSubstituteFor("postgres"));
  }

  static class NoDatabaseGiven implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return TestDatabase.given().isEmpty();
    }
  }
}
