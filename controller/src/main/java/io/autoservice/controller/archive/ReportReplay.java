package io.autoservice.controller.archive;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.TaskSpec;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.TaskResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The events a run's report implies (started, each task started and finished, finished), for a run
 * whose live events never reached the controller: a local run ({@code agent run --sync}) uploads
 * only its report, yet its {@code execution.log} should read like any other's markers.
 */
final class ReportReplay {
  private ReportReplay() {}

  static List<RunEvent> events(Plan plan, RunReport report) {
    List<RunEvent> out = new ArrayList<>();
    long seq = 0;
    var at = report.runTimestamp();
    out.add(
        new RunEvent(
            report.runId(),
            ++seq,
            at,
            new EventPayload.RunStarted(plan.tasks().stream().map(TaskSpec::type).toList())));
    for (int i = 0; i < report.tasks().size(); i++) {
      TaskResult t = report.tasks().get(i);
      out.add(
          new RunEvent(
              report.runId(),
              ++seq,
              at,
              new EventPayload.TaskStarted(i, t.taskType(), t.taskId())));
      out.add(new RunEvent(report.runId(), ++seq, at, new EventPayload.TaskFinished(i, t)));
    }
    out.add(new RunEvent(report.runId(), ++seq, at, new EventPayload.RunFinished(report)));
    return out;
  }
}
