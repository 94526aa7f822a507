package io.autoservice.bench.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The events a simulated agent plays for one plan, in the order PROTOCOL.md gives: RunStarted; per
 * task TaskStarted, TaskProgress, three TaskOutput lines, TaskProgress 100, TaskFinished; then
 * RunFinished with a report of 5–20 KB. A 3-task plan gives 23 events, about what a real quick
 * check sends. Built through common's domain types and WireMapper, the real agent's path, so the
 * controller decodes exactly what a real agent would send.
 */
public final class RunScript {
  /** Events per task: started, progress, 3 output lines, progress 100, finished. */
  static final int EVENTS_PER_TASK = 7;

  private static final int LINE_CHARS = 96;

  private final String runId;
  private final List<Task> tasks;
  private final int reportBytes;
  private final List<TaskResult> results = new ArrayList<>();
  private final Instant startedAt = Instant.now();

  public RunScript(String runId, Plan plan, int minReportBytes, int maxReportBytes) {
    this.runId = runId;
    this.tasks = plan.getTasksList();
    this.reportBytes =
        minReportBytes >= maxReportBytes
            ? minReportBytes
            : ThreadLocalRandom.current().nextInt(minReportBytes, maxReportBytes + 1);
  }

  /** How many events the run has: RunStarted, seven per task, RunFinished. */
  public static int eventCount(int taskCount) {
    return 2 + EVENTS_PER_TASK * taskCount;
  }

  public int eventCount() {
    return eventCount(tasks.size());
  }

  /** Builds event {@code seq} (1-based). Called once per sequence, in order. */
  public io.autoservice.proto.v1.RunEvent event(long seq) {
    Instant now = Instant.now();
    EventPayload p;
    if (seq == 1) {
      p = new EventPayload.RunStarted(tasks.stream().map(Task::getType).toList());
    } else if (seq == eventCount()) {
      p = new EventPayload.RunFinished(report(now));
    } else {
      int i = (int) (seq - 2) / EVENTS_PER_TASK;
      int step = (int) (seq - 2) % EVENTS_PER_TASK;
      p = taskEvent(i, step);
    }
    return WireMapper.toProto(new RunEvent(runId, seq, now, p));
  }

  private EventPayload taskEvent(int i, int step) {
    Task t = tasks.get(i);
    String id = t.getId().isEmpty() ? null : t.getId();
    return switch (step) {
      case 0 -> new EventPayload.TaskStarted(i, t.getType(), id);
      case 1 -> new EventPayload.TaskProgress(i, 42.0, "Verification 42% complete.");
      case 2, 3, 4 ->
          new EventPayload.TaskOutput(
              i,
              EventPayload.OutputSource.STDOUT,
              "simulated " + t.getType() + " output line " + (step - 1));
      case 5 -> new EventPayload.TaskProgress(i, 100.0, "Verification 100% complete.");
      default -> {
        TaskResult r = result(t, i);
        results.add(r);
        yield new EventPayload.TaskFinished(i, r);
      }
    };
  }

  /** A successful result whose findings fill this task's share of the report size. */
  private TaskResult result(Task t, int i) {
    ObjectNode summary = Json.object();
    summary
        .putObject("human_readable")
        .put("message", "No integrity violations found")
        .put("task", i);
    ArrayNode lines = summary.putObject("results").put("exit_code", 0).putArray("log");
    int share = reportBytes / Math.max(1, tasks.size());
    StringBuilder filler = new StringBuilder(LINE_CHARS);
    while (filler.length() < LINE_CHARS) {
      filler.append("scanned C:\\Windows\\System32 ok ");
    }
    String line = filler.substring(0, LINE_CHARS);
    for (int written = 0; written < share; written += LINE_CHARS + 3) {
      lines.add(line);
    }
    return new TaskResult(
        t.getType(),
        t.getId().isEmpty() ? null : t.getId(),
        TaskStatus.SUCCESS,
        summary,
        0.5,
        null);
  }

  private RunReport report(Instant now) {
    ObjectNode meta = Json.object().put("hostname", "simulated").put("agent_version", "bench");
    double seconds = (now.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    return new RunReport(runId, RunStatus.OK, results, Math.max(0, seconds), startedAt, meta, null);
  }
}
