package io.autoservice.controller.cli.console;

import io.autoservice.common.result.RunStatus;
import java.time.Instant;

/**
 * A filter for {@link ConsoleClient#runs}; every field may be {@code null} (no filter).
 *
 * @param agentId only runs of this agent
 * @param state only runs in this state
 * @param status only runs with this outcome
 * @param since only runs dispatched at or after this time
 * @param limit at most this many runs (0: the controller's default, 100)
 */
public record RunQuery(
    String agentId, RunRow.State state, RunStatus status, Instant since, int limit) {
  /** Every run, up to the controller's default limit. */
  public static RunQuery all() {
    return new RunQuery(null, null, null, null, 0);
  }
}
