package io.autoservice.common.plan;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;

/**
 * One task of a plan, normalised: parameters nested in {@code params} and written flat beside
 * {@code type} are merged into {@link #params()} ({@code params} wins).
 *
 * @param index 0-based position in the plan
 * @param id the plan's id for the task, or {@code null}
 * @param type the task type; may be empty when the plan left it out (the task is then skipped)
 * @param params merged parameters; never mutated after parsing
 */
public record TaskSpec(int index, String id, String type, ObjectNode params) {

  public TaskSpec {
    requireNonNull(type, "type");
    params = params == null ? Json.object() : params;
    if (index < 0) {
      throw new IllegalArgumentException("index: " + index + " (expected: >= 0)");
    }
  }

  /** What markers and logs call the task: the id, else the type. */
  public String markerId() {
    return id == null || id.isEmpty() ? type : id;
  }

  /** {@code tasks[i]}: how error messages name this task's place in the plan. */
  public String place() {
    return "tasks[" + index + "]";
  }
}
