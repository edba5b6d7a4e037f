package io.engram.testsupport;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every Spring test context at the given test database ({@link TestDatabase#given()}) before any
 * configuration is read, so service tests need no per-class wiring. Does nothing when none is given:
 * then {@link TestDatabaseConfiguration} starts a container or fails.
 */
public class TestDatabaseEnvironment implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    TestDatabase.given().ifPresent(db -> {
      Map<String, Object> properties = new HashMap<>();
      properties.put("spring.datasource.url", db.get("url"));
      properties.put("spring.datasource.username", db.get("username"));
      properties.put("spring.datasource.password", db.get("password"));
      // Spring caches test contexts, each with its own pool: keep idle connections few so that a module's
      // contexts, the end-to-end processes and parallel builds stay inside PostgreSQL's max_connections
      if (!environment.containsProperty("spring.datasource.hikari.minimum-idle")) {
        properties.put("spring.datasource.hikari.minimum-idle", "1");
      }
      if (!environment.containsProperty("spring.datasource.hikari.maximum-pool-size")) {
        properties.put("spring.datasource.hikari.maximum-pool-size", "5");
      }
      environment.getPropertySources().addFirst(new MapPropertySource("engramTestDatabase", properties));
    });
  }
}
