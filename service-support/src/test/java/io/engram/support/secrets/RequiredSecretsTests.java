package io.engram.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class RequiredSecretsTests {

  static final String GOOD_SECRET = "a-real-secret-0123456789";

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(SecretsAutoConfiguration.class)
  static class App {
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(SecretsAutoConfiguration.class)
  static class AppWithPool {
    @Bean(destroyMethod = "")
    HikariDataSource dataSource(org.springframework.core.env.Environment environment) {
      HikariDataSource pool = new HikariDataSource();
      pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
      pool.setPassword(environment.getProperty("spring.datasource.password"));
      return pool;
    }
  }

  static ConfigurableApplicationContext run(Class<?> app, String profile, String... properties) {
    SpringApplicationBuilder builder = new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
        .properties("spring.main.banner-mode=off").properties(properties);
    if (profile != null) {
      builder.profiles(profile);
    }
    return builder.run();
  }

  @Test
  void whenIdentitySecretIsMissingThenStartFailsNamingTheVariable() {
    assertThatThrownBy(() -> run(App.class, null))
        .isInstanceOf(MissingSecretException.class)
        .hasMessageContaining("ENGRAM_IDENTITY_SECRET").hasMessageContaining("is not set");
    assertThatThrownBy(() -> run(App.class, null, "engram.identity.secret= "))
        .isInstanceOf(MissingSecretException.class);
  }

  @Test
  void whenIdentitySecretIsTheDevelopmentDefaultOutsideLocalThenStartFails() {
    assertThatThrownBy(() -> run(App.class, "prod", "engram.identity.secret=" + RequiredSecrets.DEVELOPMENT_SECRET))
        .isInstanceOf(MissingSecretException.class)
        .hasMessageContaining("public development secret");
  }

  @Test
  void whenIdentitySecretIsShortThenStartFails() {
    assertThatThrownBy(() -> run(App.class, null, "engram.identity.secret=short"))
        .isInstanceOf(MissingSecretException.class)
        .hasMessageContaining("at least 16");
  }

  @Test
  void whenLocalProfileThenTheDevelopmentSecretIsAccepted() {
    try (ConfigurableApplicationContext context =
             run(App.class, RequiredSecrets.LOCAL_PROFILE, "engram.identity.secret=" + RequiredSecrets.DEVELOPMENT_SECRET)) {
      assertThat(context.isActive()).isTrue();
    }
  }

  @Test
  void whenSecretsAreGivenThenTheServiceStarts() {
    try (ConfigurableApplicationContext context = run(AppWithPool.class, null, "engram.identity.secret=" + GOOD_SECRET,
        "spring.datasource.password=s3cret")) {
      assertThat(context.getBean(HikariDataSource.class).getPassword()).isEqualTo("s3cret");
    }
  }

  @Test
  void whenDatabasePasswordIsMissingThenStartFailsBeforeThePoolIsUsed() {
    assertThatThrownBy(() -> run(AppWithPool.class, null, "engram.identity.secret=" + GOOD_SECRET))
        .hasRootCauseInstanceOf(MissingSecretException.class)
        .rootCause().hasMessageContaining("ENGRAM_DB_PASSWORD").hasMessageContaining("jdbc:postgresql://127.0.0.1:1/none");
  }

  @Test
  void failureReportSaysWhatToSetAndHowToRunLocally() {
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> run(App.class, null));
    FailureAnalysis analysis = new MissingSecretFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription()).startsWith("Refusing to start: engram.identity.secret (ENGRAM_IDENTITY_SECRET)");
    assertThat(analysis.getAction()).contains("Set ENGRAM_IDENTITY_SECRET").contains("SPRING_PROFILES_ACTIVE=local");
  }
}
