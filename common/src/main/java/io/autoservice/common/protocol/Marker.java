package io.autoservice.common.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of the classic stderr protocol. Which fields a line carries depends on the dialect: the
 * {@code seed} dialect names a task by its id only ({@code index} is -1 and {@code type} null after
 * parsing), the {@code autoservice} dialect by index and type ({@code id} is null after parsing).
 */
public sealed interface Marker {

  /** A task, as a marker names it. */
  record TaskRef(int index, String type, String id) {
    /** The seed dialect's name for the task: its id, else its type. */
    public String markerId() {
      if (id != null && !id.isEmpty()) {
        return id;
      }
      return type == null || type.isEmpty() ? "unknown" : type;
    }
  }

  record TaskStart(TaskRef task) implements Marker {}

  /** {@code status} is the result's status name (success or warning): both are OK markers. */
  record TaskOk(TaskRef task, String status) implements Marker {}

  record TaskFail(TaskRef task, String reason) implements Marker {
    public TaskFail {
      requireNonNull(reason, "reason");
    }
  }

  record TaskSkip(TaskRef task, String reason) implements Marker {
    public TaskSkip {
      requireNonNull(reason, "reason");
    }
  }

  /** {@code PROGRESS_JSON}: after each task, and (seed) live task progress. */
  record Progress(JsonNode body) implements Marker {}

  /** {@code PROGRESS_JSON_FINAL}: once, after the report. */
  record ProgressFinal(JsonNode body) implements Marker {}

  /** Marker words: a free log line must never start with one of these. */
  String[] WORDS = {
    "TASK_START", "TASK_OK", "TASK_FAIL", "TASK_SKIP", "PROGRESS_JSON_FINAL", "PROGRESS_JSON"
  };

  /** Whether a line would be read as a marker by either dialect's parser. */
  static boolean startsWithMarkerWord(String line) {
    for (String w : WORDS) {
      if (line.startsWith(w)) {
        return true;
      }
    }
    return false;
  }

  /** Folds a reason to one line: any run of line breaks (and the blanks around it) becomes " ". */
  static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
