package io.engram.support.secrets;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Refuses a connection pool without a password before anything (Flyway first) connects with it. It checks
 * the pool's own password, so it holds however the connection was configured (properties, a service
 * connection); the {@code local} profile supplies the development password.
 */
public class DatabasePasswordCheck implements BeanPostProcessor {

  public static final String PROPERTY = "spring.datasource.password";
  public static final String VARIABLE = "ENGRAM_DB_PASSWORD";

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof HikariDataSource pool && (pool.getPassword() == null || pool.getPassword().isBlank())) {
      throw new MissingSecretException(PROPERTY, VARIABLE, "is not set: the database password of "
          + pool.getJdbcUrl());
    }
    return bean;
  }
}
