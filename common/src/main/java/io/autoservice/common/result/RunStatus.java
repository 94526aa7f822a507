package io.autoservice.common.result;

import java.util.List;
import java.util.Locale;

/** The outcome of a whole run. */
public enum RunStatus {
  /** Every task finished and none errored. */
  OK,
  /** Every task finished; at least one errored. */
  COMPLETED_WITH_ERRORS,
  /** Stopped by a technician, the operator or a signal. */
  CANCELLED,
  /** The run itself failed (bad plan, agent fault). */
  ERROR,
  /** Never delivered before its delivery deadline. */
  EXPIRED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus parse(String text) {
    for (RunStatus s : values()) {
      if (s.wireName().equalsIgnoreCase(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "status: \""
            + text
            + "\" (expected: ok, completed_with_errors, cancelled, error, expired)");
  }

  /** The status of a run whose tasks all finished with these results. */
  public static RunStatus of(List<TaskResult> results) {
    return results.stream().anyMatch(r -> r.status() == TaskStatus.ERROR)
        ? COMPLETED_WITH_ERRORS
        : OK;
  }
}
