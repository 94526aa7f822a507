package io.autoservice.common.result;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.plan.Plan;
import java.time.Instant;

/**
 * A run the agent executed on its own ({@code agent run PLAN --sync}) and hands to the controller
 * later, when it next connects: what the agent's outbox keeps and the controller archives.
 *
 * @param localRunId the agent's id for the run (a UUID; also {@code report.runId()})
 * @param startedAt when the run started (agent clock)
 * @param finishedAt when it finished (agent clock)
 * @param plan the plan as it ran (normalised), metadata included
 * @param report its final report
 */
public record OfflineRun(
    String localRunId, Instant startedAt, Instant finishedAt, Plan plan, RunReport report) {

  public OfflineRun {
    requireNonNull(localRunId, "localRunId");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(finishedAt, "finishedAt");
    requireNonNull(plan, "plan");
    requireNonNull(report, "report");
  }
}
