package io.engram.support.secrets;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Applies the secrets guard to every Engram service, servlet or reactive: {@link RequiredSecrets} for the
 * identity secret, {@link DatabasePasswordCheck} for a service with a connection pool.
 */
@AutoConfiguration
public class SecretsAutoConfiguration {

  @Bean
  static RequiredSecrets requiredSecrets(Environment environment) {
    return new RequiredSecrets(environment);
  }

  /** Only where a Hikari pool can exist. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
  static class Database {
    @Bean
    static DatabasePasswordCheck databasePasswordCheck() {
      return new DatabasePasswordCheck();
    }
  }
}
