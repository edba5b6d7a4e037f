package io.engram.support.secrets;

/**
 * A secret the service cannot run without is missing or is a public development value outside the
 * {@code local} profile. {@link MissingSecretFailureAnalyzer} turns it into the start-up failure report.
 */
public class MissingSecretException extends IllegalStateException {

  private final String property;
  private final String environmentVariable;

  public MissingSecretException(String property, String environmentVariable, String problem) {
    super(property + " (" + environmentVariable + ") " + problem);
    this.property = property;
    this.environmentVariable = environmentVariable;
  }

  public String property() {
    return property;
  }

  public String environmentVariable() {
    return environmentVariable;
  }
}
