package io.autoservice.common.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.util.Set;

/**
 * A task's status in the words the AutoService desktop app compares against: {@code success},
 * {@code failure}, {@code skipped}, and {@code warning} / {@code completed_with_errors} only for
 * the types whose original service used them. The app's customer report recognises a failure only
 * as {@code failure} and emits most customer items only on {@code success}, so our finer {@code
 * warning} (something was found) must read {@code success} there; the finer word is kept beside it
 * by {@link ReportJson} in {@code human_readable.status}.
 */
public final class AutoserviceStatus {
  /** Types whose original service itself said {@code warning}: the app's renderers expect it. */
  static final Set<String> KEEP_WARNING =
      Set.of(
          "sfc_scan",
          "dism_health_check",
          "chkdsk_scan",
          "ai_startup_disable",
          "ai_browser_notification_disable");

  private AutoserviceStatus() {}

  /** The app's word for {@code result}'s status. */
  public static String word(TaskResult result) {
    return switch (result.status()) {
      case SUCCESS -> "success";
      case SKIPPED -> "skipped";
      // The original's sfc, chkdsk and AI services said "error", which the app's report never
      // counted as a failure (no warning icon, no "contact support"): "failure" is what it reads.
      case ERROR -> "failure";
      case WARNING -> warningWord(result);
    };
  }

  private static String warningWord(TaskResult result) {
    String type = result.taskType();
    if (KEEP_WARNING.contains(type)) {
      return "warning";
    }
    JsonNode results = result.summary().path("results");
    boolean partial =
        switch (type) {
          case "windows_update" ->
              results.path("install").path("count_failed").asInt(0) > 0
                  || nonEmpty(results.path("errors"));
          case "smartctl_report" -> nonEmpty(results.path("errors"));
          default -> false;
        };
    return partial ? "completed_with_errors" : "success";
  }

  /** How much a technician should care, for renderers that colour by it. */
  static String severity(TaskStatus status) {
    return switch (status) {
      case SUCCESS -> "success";
      case WARNING -> "warning";
      case ERROR -> "error";
      case SKIPPED -> "info";
    };
  }

  private static boolean nonEmpty(JsonNode array) {
    return array.isArray() && !array.isEmpty();
  }
}
