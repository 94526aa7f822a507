package io.autoservice.common.result;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.time.Instant;
import java.util.List;

/**
 * The final report of a run.
 *
 * @param runId unique id of the run
 * @param status overall outcome
 * @param tasks one result per task, in plan order (fewer when the run stopped early)
 * @param totalDurationSeconds wall time of the whole run
 * @param runTimestamp when the run started
 * @param metadata machine facts merged with the plan's metadata (plan keys win)
 * @param error why the run itself failed, or {@code null}
 */
public record RunReport(
    String runId,
    RunStatus status,
    List<TaskResult> tasks,
    double totalDurationSeconds,
    Instant runTimestamp,
    ObjectNode metadata,
    String error) {

  public RunReport {
    requireNonNull(runId, "runId");
    requireNonNull(status, "status");
    requireNonNull(runTimestamp, "runTimestamp");
    tasks = List.copyOf(tasks);
    metadata = metadata == null ? Json.object() : metadata;
  }
}
