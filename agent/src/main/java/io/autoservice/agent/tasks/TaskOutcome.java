package io.autoservice.agent.tasks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;

/**
 * What a handler returns: a status and the summary {@code {"human_readable": {…}, "results": {…}}}
 * plus any extra top-level result keys (such as {@code command}). The executor adds the task's
 * type, id and measured duration.
 */
public record TaskOutcome(TaskStatus status, ObjectNode summary, ObjectNode extra) {
  public TaskOutcome {
    requireNonNull(status, "status");
    summary = summary == null ? Json.object() : summary;
    extra = extra == null ? Json.object() : extra;
  }

  /**
   * The usual shape: user-facing facts in {@code humanReadable}, technical keys in {@code results}.
   */
  public static TaskOutcome of(TaskStatus status, ObjectNode humanReadable, ObjectNode results) {
    ObjectNode summary = Json.object();
    summary.set("human_readable", humanReadable == null ? Json.object() : humanReadable);
    summary.set("results", results == null ? Json.object() : results);
    return new TaskOutcome(status, summary, null);
  }

  /** A result told in one sentence (a skip reason or an error), with optional technical keys. */
  public static TaskOutcome reason(TaskStatus status, String reason, ObjectNode results) {
    ObjectNode hr = Json.object().put("reason", reason);
    return of(status, hr, results);
  }

  /**
   * The standard failure before or instead of a tool's verdict: status {@code error}, {@code
   * human_readable.reason} and {@code results.error} both the reason.
   */
  public static TaskOutcome error(String reason) {
    return reason(TaskStatus.ERROR, reason, Json.object().put("error", reason));
  }

  /** The same outcome with a top-level result key, e.g. {@code command}. */
  public TaskOutcome withExtra(String key, com.fasterxml.jackson.databind.JsonNode value) {
    ObjectNode copy = extra.deepCopy();
    copy.set(key, value);
    return new TaskOutcome(status, summary, copy);
  }
}
