package io.autoservice.controller.history;

import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.controller.model.HistoryPoint;
import io.autoservice.controller.model.RunRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the figures that matter over time from a finished run's report, with one {@link
 * TaskFigures} per task type. The report is an agent's: every value is checked and capped ({@link
 * Figures}), a task whose JSON is not as expected gives fewer figures, never an exception, and a
 * skipped task gives none.
 */
public final class ReportFigures {
  private static final Logger log = LoggerFactory.getLogger(ReportFigures.class);

  /** Tasks read per run: a plan of ten thousand tasks is not a maintenance plan. */
  static final int MAX_TASKS = 256;

  private final Map<String, TaskFigures> byType = new HashMap<>();

  public ReportFigures() {
    List<TaskFigures> all = new ArrayList<>();
    all.add(new SmartctlFigures());
    all.add(new DiskSpaceFigures());
    all.add(new BatteryFigures());
    all.add(new PingFigures());
    all.add(new IperfFigures());
    all.add(new SpeedtestFigures());
    all.add(new SfcFigures());
    all.add(new DismFigures());
    all.add(new ChkdskFigures());
    all.addAll(ThreatFigures.all());
    for (TaskFigures f : all) {
      byType.put(f.taskType(), f);
      f.aliases().forEach(a -> byType.putIfAbsent(a, f));
    }
  }

  /** The run's figures, stamped with its agent, id and finish time; none without a report. */
  public List<HistoryPoint> of(RunRecord run) {
    RunReport report = run.report();
    if (report == null || run.finishedAt() == null) {
      return List.of();
    }
    Figures out = new Figures(run.agentId(), run.runId(), run.finishedAt());
    List<TaskResult> tasks = report.tasks();
    for (int i = 0; i < Math.min(MAX_TASKS, tasks.size()); i++) {
      TaskResult t = tasks.get(i);
      TaskFigures reader = byType.get(t.taskType());
      if (reader == null || t.status() == TaskStatus.SKIPPED) {
        continue;
      }
      try {
        reader.read(TaskFigures.Task.of(t), out);
      } catch (RuntimeException e) {
        // A reader's bug or a shape nobody foresaw: this task gives nothing, the others still do.
        log.warn("run {}: {} figures not read: {}", run.runId(), t.taskType(), e.toString());
      }
    }
    if (out.dropped() > 0) {
      log.debug(
          "run {}: {} figures left out as absurd or over the cap", run.runId(), out.dropped());
    }
    return out.points();
  }
}
