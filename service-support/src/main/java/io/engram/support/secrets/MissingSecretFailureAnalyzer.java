package io.engram.support.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a {@link MissingSecretException} as "APPLICATION FAILED TO START" with what to set, and no stack trace. */
public class MissingSecretFailureAnalyzer extends AbstractFailureAnalyzer<MissingSecretException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MissingSecretException cause) {
    return new FailureAnalysis("Refusing to start: " + cause.getMessage() + ".",
        "Set " + cause.environmentVariable() + " (or the property " + cause.property() + ", e.g. from a mounted"
            + " Kubernetes Secret). Only on a developer machine may the service run on public defaults: start it"
            + " with the '" + RequiredSecrets.LOCAL_PROFILE + "' profile (SPRING_PROFILES_ACTIVE="
            + RequiredSecrets.LOCAL_PROFILE + "), as scripts/up does.",
        cause);
  }
}
