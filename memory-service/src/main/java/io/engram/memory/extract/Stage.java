package io.engram.memory.extract;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far a statement says something has gone, read from the few English verbs that name a stage of a deal, a plan or a
 * case ("agreed to buy", "completed its acquisition", "scrapped the deal"): intended, agreed, approved, completed,
 * called off or delayed. Only finite verb forms count, so that a statement that merely expects a later stage ("agreed
 * to buy ..., expects to complete it in May") stays at the stage it reports. Two statements about the same thing at
 * different stages do not say the same, however alike their words; the later stage is the change. English only: other
 * languages have no stage, so nothing changes for them.
 */
public enum Stage {
  INTENDED("plans|planned|proposes|proposed|is considering|was considering|is exploring|is weighing|is seeking"),
  AGREED("agreed|agrees|signed|signs|has struck|struck a deal"),
  APPROVED("approved|approves|cleared|authorized|authorised"),
  COMPLETED("completed|completes|finalized|finalised|finalizes|finalises|has closed|closed the deal|closed its acquisition"),
  CALLED_OFF("terminated|terminates|scrapped|scraps|abandoned|abandons|cancelled|canceled|cancels|withdrew|withdraws"
      + "|withdrawn|rejected|rejects|called off|calls off"),
  DELAYED("delayed|delays|postponed|postpones|pushed back");

  private final Pattern verbs;

  Stage(String verbs) {
    this.verbs = Pattern.compile("\\b(?:" + verbs + ")\\b");
  }

  /**
   * The furthest stage a statement reports (called off and delayed count as further than any stage before completion),
   * or none.
   */
  public static Optional<Stage> of(String statement) {
    if (Terms.hasHan(statement)) {
      return Optional.empty();
    }
    String lower = statement.toLowerCase(Locale.ROOT);
    Stage furthest = null;
    for (Stage stage : values()) {
      Matcher m = stage.verbs.matcher(lower);
      if (m.find() && (furthest == null || stage.ordinal() > furthest.ordinal())) {
        furthest = stage;
      }
    }
    return Optional.ofNullable(furthest);
  }

  /**
   * Whether a statement at {@code stage} and {@code other} report different stages (both must name one); a statement
   * without a stage never reads the other.
   */
  public static boolean differ(Optional<Stage> stage, String other) {
    if (stage.isEmpty()) {
      return false;
    }
    Optional<Stage> second = of(other);
    return second.isPresent() && second.get() != stage.get();
  }

  /** The stage as a reason says it: "called off". */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
