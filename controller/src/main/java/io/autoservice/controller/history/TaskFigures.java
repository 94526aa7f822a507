package io.autoservice.controller.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;

/** Reads the figures of one task type from its result. One implementation per task type. */
interface TaskFigures {
  /** The task type it reads. */
  String taskType();

  /** Other names the same task's results carry (the original app's older task types). */
  default java.util.List<String> aliases() {
    return java.util.List.of();
  }

  /** Adds the result's figures to {@code out}; must not throw on any JSON. */
  void read(Task task, Figures out);

  /**
   * One task's result as the extractors see it: {@code results} is {@code summary.results} (the
   * seed shape), or the summary itself when a report laid its results flat beside {@code
   * human_readable} (the AutoService shape of the reference results).
   */
  record Task(TaskStatus status, JsonNode results, JsonNode humanReadable) {
    static Task of(TaskResult r) {
      JsonNode summary = r.summary();
      JsonNode results = summary.path("results");
      return new Task(
          r.status(), results.isObject() ? results : summary, summary.path("human_readable"));
    }
  }
}
