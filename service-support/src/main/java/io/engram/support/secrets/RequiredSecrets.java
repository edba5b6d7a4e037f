package io.engram.support.secrets;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * Checks the identity secret before any bean is created, so that a misconfigured service stops with a clear
 * report (and a non-zero exit) instead of signing or accepting identities with a public secret.
 *
 * <p>Outside the {@value #LOCAL_PROFILE} profile the secret must be set, at least
 * {@value #MINIMUM_LENGTH} characters long, and must not be {@link #DEVELOPMENT_SECRET}, which is public.
 * The {@value #LOCAL_PROFILE} profile ({@code application-local.yml} of each service) supplies development
 * defaults, with a warning.
 */
public class RequiredSecrets implements BeanFactoryPostProcessor {

  /** The profile of a developer machine, the only one where public default secrets are allowed. */
  public static final String LOCAL_PROFILE = "local";
  /** The public development secret that the {@value #LOCAL_PROFILE} profile falls back to. */
  public static final String DEVELOPMENT_SECRET = "engram-local-development-secret";
  public static final String IDENTITY_PROPERTY = "engram.identity.secret";
  public static final String IDENTITY_VARIABLE = "ENGRAM_IDENTITY_SECRET";
  static final int MINIMUM_LENGTH = 16;

  private static final Logger log = LoggerFactory.getLogger(RequiredSecrets.class);

  private final Environment environment;

  public RequiredSecrets(Environment environment) {
    this.environment = environment;
  }

  static boolean local(Environment environment) {
    return Arrays.asList(environment.getActiveProfiles()).contains(LOCAL_PROFILE);
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    String secret = environment.getProperty(IDENTITY_PROPERTY);
    if (secret == null || secret.isBlank()) {
      throw new MissingSecretException(IDENTITY_PROPERTY, IDENTITY_VARIABLE, "is not set: the gateway and the services"
          + " share it to sign and verify the internal identity");
    }
    if (secret.length() < MINIMUM_LENGTH) {
      throw new MissingSecretException(IDENTITY_PROPERTY, IDENTITY_VARIABLE, "has " + secret.length()
          + " characters, must have at least " + MINIMUM_LENGTH);
    }
    if (DEVELOPMENT_SECRET.equals(secret)) {
      if (!local(environment)) {
        throw new MissingSecretException(IDENTITY_PROPERTY, IDENTITY_VARIABLE, "is the public development secret,"
            + " allowed only in the '" + LOCAL_PROFILE + "' profile");
      }
      log.warn("{} is the public development secret ('{}' profile); set {} outside a developer machine",
          IDENTITY_PROPERTY, LOCAL_PROFILE, IDENTITY_VARIABLE);
    }
  }
}
