package io.autoservice.common.result;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;

/**
 * The result of one task: {@code {"task_type", "status", "summary": {"human_readable": {…},
 * "results": {…}}, "duration_seconds"}} plus any extra top-level keys a handler adds (such as
 * {@code command}). The JSON nodes are owned by the result: callers must not mutate them.
 *
 * @param taskType the task type that produced it
 * @param taskId the plan's id for the task, or {@code null}
 * @param status the outcome
 * @param summary {@code human_readable}, {@code results} and any task-specific keys
 * @param durationSeconds wall time the executor measured
 * @param extra other top-level keys, never {@code task_type}, {@code status}, {@code summary}
 */
public record TaskResult(
    String taskType,
    String taskId,
    TaskStatus status,
    ObjectNode summary,
    double durationSeconds,
    ObjectNode extra) {

  public TaskResult {
    requireNonNull(taskType, "taskType");
    requireNonNull(status, "status");
    summary = summary == null ? Json.object() : summary;
    extra = extra == null ? Json.object() : extra;
    if (durationSeconds < 0) {
      throw new IllegalArgumentException(
          "durationSeconds: " + durationSeconds + " (expected: >= 0)");
    }
  }

  /** A result whose whole story is one sentence: a skip reason or an error. */
  public static TaskResult ofReason(
      String taskType, String taskId, TaskStatus status, String reason, double seconds) {
    ObjectNode summary = Json.object();
    summary.putObject("human_readable").put("reason", reason);
    summary.putObject("results");
    return new TaskResult(taskType, taskId, status, summary, seconds, null);
  }

  /** The same result with the executor's measured duration. */
  public TaskResult withDuration(double seconds) {
    return new TaskResult(taskType, taskId, status, summary, seconds, extra);
  }

  /**
   * Why the task failed or was skipped, in one line: the first of {@code summary.reason}, {@code
   * summary.error}, {@code human_readable.reason}, {@code human_readable.error}, {@code
   * results.reason}, {@code results.error} that is text. The original runner looked only at the
   * first two, which made the AI tasks' failures read "Unknown error".
   */
  public String reason() {
    JsonNode hr = summary.path("human_readable");
    JsonNode res = summary.path("results");
    for (JsonNode candidate :
        new JsonNode[] {
          summary.path("reason"), summary.path("error"),
          hr.path("reason"), hr.path("error"),
          res.path("reason"), res.path("error")
        }) {
      if (candidate.isTextual() && !candidate.asText().isBlank()) {
        return candidate.asText();
      }
    }
    return status == TaskStatus.SKIPPED ? "Skipped" : "Unknown error";
  }

  /** The id markers use: the plan's id, else the type. */
  public String markerId() {
    return taskId == null || taskId.isEmpty() ? taskType : taskId;
  }
}
