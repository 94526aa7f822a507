package io.autoservice.common.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Results and reports as JSON, in each dialect's shape.
 *
 * <p>{@code seed}: {@code {"tasks", "status", "total_duration_seconds", "run_timestamp", "run_id",
 * "metadata"}}. {@code autoservice}: {@code {"overall_status", "results", "metadata"}}, and each
 * result's {@code summary} has its {@code results} keys laid flat beside {@code human_readable},
 * which is the shape that app's renderers read.
 */
public final class ReportJson {
  private static final Set<String> RESERVED =
      Set.of("task_type", "task_id", "status", "summary", "duration_seconds");

  private ReportJson() {}

  public static ObjectNode report(RunReport report, MarkerDialect dialect) {
    return dialect == MarkerDialect.SEED ? seedReport(report) : autoserviceReport(report);
  }

  public static ObjectNode result(TaskResult result, MarkerDialect dialect) {
    return dialect == MarkerDialect.SEED ? seedResult(result) : autoserviceResult(result);
  }

  static ObjectNode seedReport(RunReport r) {
    ObjectNode root = Json.object();
    ArrayNode tasks = root.putArray("tasks");
    r.tasks().forEach(t -> tasks.add(seedResult(t)));
    root.put("status", r.status().wireName());
    root.put("total_duration_seconds", Json.round(r.totalDurationSeconds(), 3));
    root.put("run_timestamp", r.runTimestamp().toString());
    root.put("run_id", r.runId());
    root.set("metadata", r.metadata().deepCopy());
    if (r.error() != null) {
      root.put("error", r.error());
    }
    return root;
  }

  static ObjectNode autoserviceReport(RunReport r) {
    ObjectNode root = Json.object();
    root.put("overall_status", overallStatus(r.status()));
    ArrayNode results = root.putArray("results");
    r.tasks().forEach(t -> results.add(autoserviceResult(t)));
    root.set("metadata", r.metadata().deepCopy());
    if (r.error() != null) {
      root.put("error", r.error());
    }
    return root;
  }

  /** The original runner's word for a run's outcome. */
  public static String overallStatus(RunStatus status) {
    return switch (status) {
      case OK -> "success";
      case COMPLETED_WITH_ERRORS -> "completed_with_errors";
      case ERROR -> "failure";
      case CANCELLED -> "cancelled";
      case EXPIRED -> "expired";
    };
  }

  public static ObjectNode seedResult(TaskResult t) {
    ObjectNode node = head(t);
    node.set("summary", t.summary().deepCopy());
    return tail(node, t);
  }

  /**
   * The app's shape: the summary laid flat, the status in the app's words ({@link
   * AutoserviceStatus}), and our own word and a severity kept in {@code human_readable.status} and
   * {@code .severity} (beside a text {@code human_readable}, as {@code status_detail} and {@code
   * severity}), so nothing a technician needs is lost.
   */
  public static ObjectNode autoserviceResult(TaskResult t) {
    ObjectNode node = head(t);
    node.put("status", AutoserviceStatus.word(t));
    ObjectNode summary = flatten(t.summary());
    JsonNode hr = summary.get("human_readable");
    ObjectNode verdictHolder =
        hr == null
            ? summary.putObject("human_readable")
            : hr.isObject() ? (ObjectNode) hr : summary;
    verdictHolder.put(verdictHolder == summary ? "status_detail" : "status", t.status().wireName());
    if (!verdictHolder.hasNonNull("severity")) {
      verdictHolder.put("severity", AutoserviceStatus.severity(t.status()));
    }
    node.set("summary", summary);
    return tail(node, t);
  }

  /** {@code human_readable} first, then the {@code results} keys, then any other summary keys. */
  static ObjectNode flatten(ObjectNode summary) {
    ObjectNode flat = Json.object();
    JsonNode hr = summary.get("human_readable");
    if (hr != null) {
      flat.set("human_readable", hr.deepCopy());
    }
    JsonNode results = summary.get("results");
    if (results != null && results.isObject()) {
      results.fields().forEachRemaining(f -> flat.set(f.getKey(), f.getValue().deepCopy()));
    } else if (results != null) {
      flat.set("results", results.deepCopy());
    }
    summary
        .fields()
        .forEachRemaining(
            f -> {
              if (!f.getKey().equals("human_readable") && !f.getKey().equals("results")) {
                flat.set(f.getKey(), f.getValue().deepCopy());
              }
            });
    return flat;
  }

  private static ObjectNode head(TaskResult t) {
    ObjectNode node = Json.object();
    node.put("task_type", t.taskType());
    if (t.taskId() != null) {
      node.put("task_id", t.taskId());
    }
    node.put("status", t.status().wireName());
    return node;
  }

  private static ObjectNode tail(ObjectNode node, TaskResult t) {
    node.put("duration_seconds", Json.round(t.durationSeconds(), 3));
    t.extra()
        .fields()
        .forEachRemaining(
            f -> {
              if (!RESERVED.contains(f.getKey())) {
                node.set(f.getKey(), f.getValue().deepCopy());
              }
            });
    return node;
  }

  /** Reads a result in the seed shape (as {@link #seedResult} writes it). */
  public static TaskResult readSeedResult(JsonNode node) {
    ObjectNode extra = Json.object();
    node.fields()
        .forEachRemaining(
            f -> {
              if (!RESERVED.contains(f.getKey())) {
                extra.set(f.getKey(), f.getValue().deepCopy());
              }
            });
    JsonNode summary = node.path("summary");
    return new TaskResult(
        node.path("task_type").asText(),
        node.hasNonNull("task_id") ? node.get("task_id").asText() : null,
        TaskStatus.parse(node.path("status").asText()),
        summary.isObject() ? (ObjectNode) summary.deepCopy() : Json.object(),
        node.path("duration_seconds").asDouble(0),
        extra);
  }

  /** Reads a report in the seed shape (as {@link #seedReport} writes it). */
  public static RunReport readSeedReport(JsonNode node) {
    List<TaskResult> tasks = new ArrayList<>();
    node.path("tasks").forEach(t -> tasks.add(readSeedResult(t)));
    Instant at;
    try {
      at = Instant.parse(node.path("run_timestamp").asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("run_timestamp: not an ISO-8601 instant", e);
    }
    JsonNode meta = node.path("metadata");
    return new RunReport(
        node.path("run_id").asText(),
        RunStatus.parse(node.path("status").asText()),
        tasks,
        node.path("total_duration_seconds").asDouble(0),
        at,
        meta.isObject() ? (ObjectNode) meta.deepCopy() : Json.object(),
        node.hasNonNull("error") ? node.get("error").asText() : null);
  }
}
