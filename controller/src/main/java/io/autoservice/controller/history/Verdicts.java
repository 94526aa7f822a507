package io.autoservice.controller.history;

import io.autoservice.common.result.TaskStatus;

/**
 * A repair tool's verdict as a small code a chart can draw: 0 fine (the task succeeded), 1 warning,
 * 2 error; with the tool's wording as the point's text. A skipped task has no verdict.
 */
final class Verdicts {
  private Verdicts() {}

  static void add(String metric, String subject, TaskFigures.Task task, Figures out) {
    Double code =
        switch (task.status()) {
          case SUCCESS -> 0.0;
          case WARNING -> 1.0;
          case ERROR -> 2.0;
          default -> null;
        };
    String text =
        firstText(
            Read.text(task.humanReadable().path("verdict")),
            Read.text(task.results().path("verdict")),
            Read.text(task.results().path("warning")),
            Read.text(task.results().path("error")),
            Read.text(task.results().path("message")),
            task.status() == TaskStatus.SKIPPED ? null : task.status().name().toLowerCase());
    out.add(metric, subject, code, 0, 2, text);
  }

  private static String firstText(String... texts) {
    for (String t : texts) {
      if (t != null) {
        return t;
      }
    }
    return null;
  }
}
