package io.autoservice.controller.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;

/**
 * Threats found by a scanner, one metric ({@code threats.found}) whose subject names the tool, so a
 * PC's KVRT, AdwCleaner and Stinger counts chart side by side. Each tool says it under its own
 * keys: KVRT {@code threats_found} (or its {@code detections}), AdwCleaner {@code cleaned} (items
 * removed; the original's {@code total_cleaned}), Stinger {@code infections_found} (or {@code
 * infected_files}, or its {@code infections}).
 */
final class ThreatFigures implements TaskFigures {
  private final String taskType;
  private final String alias;
  private final String subject;
  private final Function<Task, Double> count;

  private ThreatFigures(
      String taskType, String alias, String subject, Function<Task, Double> count) {
    this.taskType = taskType;
    this.alias = alias;
    this.subject = subject;
    this.count = count;
  }

  static List<TaskFigures> all() {
    return List.of(
        new ThreatFigures(
            "kvrt_scan",
            "kvrt",
            "KVRT",
            t ->
                firstOr(
                    Read.first(
                        t.humanReadable().path("threats_found"), t.results().path("threats_found")),
                    t.results().path("detections"))),
        new ThreatFigures(
            "adwcleaner_clean",
            "adwcleaner",
            "AdwCleaner",
            t -> Read.first(t.results().path("cleaned"), t.results().path("total_cleaned"))),
        new ThreatFigures(
            "trellix_stinger_scan",
            "stinger",
            "Stinger",
            t ->
                firstOr(
                    Read.first(
                        t.humanReadable().path("infections_found"),
                        t.results().path("infected_files")),
                    t.results().path("infections"))));
  }

  private static Double firstOr(Double v, JsonNode array) {
    return v != null ? v : Read.size(array);
  }

  @Override
  public String taskType() {
    return taskType;
  }

  /** The original app's results name KVRT {@code kvrt} and AdwCleaner {@code adwcleaner}. */
  @Override
  public List<String> aliases() {
    return List.of(alias);
  }

  @Override
  public void read(Task task, Figures out) {
    if (task.status() == io.autoservice.common.result.TaskStatus.SKIPPED) {
      return;
    }
    out.add("threats.found", subject, count.apply(task), 0, 1_000_000);
  }
}
