package io.autoservice.common.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.EventPayload.RunFinished;
import io.autoservice.common.event.EventPayload.RunStarted;
import io.autoservice.common.event.EventPayload.TaskFinished;
import io.autoservice.common.event.EventPayload.TaskOutput;
import io.autoservice.common.event.EventPayload.TaskProgress;
import io.autoservice.common.event.EventPayload.TaskStarted;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.event.RunEventSink;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.Marker.TaskRef;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a run's events as the classic stderr protocol: marker lines in the chosen dialect and free
 * log lines between them. Every line is flushed as it is written, because the desktop UI and log
 * tailers only see what has been flushed.
 *
 * <p>Free lines never start with a marker word: tool output is prefixed with {@code [task]}, and
 * anything else that would look like a marker is indented.
 */
public final class ClassicProtocolPrinter implements RunEventSink {
  private final PrintStream out;
  private final MarkerDialect dialect;
  private final List<TaskResult> results = new ArrayList<>();
  private List<String> taskTypes = List.of();

  public ClassicProtocolPrinter(PrintStream out, MarkerDialect dialect) {
    this.out = out;
    this.dialect = dialect;
  }

  @Override
  public synchronized void accept(RunEvent event) {
    EventPayload p = event.payload();
    if (p instanceof RunStarted s) {
      taskTypes = s.taskTypes();
      log("Parsed " + taskTypes.size() + " tasks");
      for (int i = 0; i < taskTypes.size(); i++) {
        log("Task " + i + ": " + (taskTypes.get(i).isEmpty() ? "unknown" : taskTypes.get(i)));
      }
    } else if (p instanceof TaskStarted s) {
      marker(new Marker.TaskStart(new TaskRef(s.index(), s.taskType(), s.taskId())));
      log("Starting task " + (s.index() + 1) + "/" + taskTypes.size() + ": " + s.taskType());
    } else if (p instanceof TaskProgress s) {
      progress(s);
    } else if (p instanceof TaskOutput s) {
      log("[" + label(s.index()) + "] " + s.line());
    } else if (p instanceof TaskFinished s) {
      finished(s.index(), s.result());
    } else if (p instanceof RunFinished s) {
      marker(new Marker.ProgressFinal(finalBody(s.report().status())));
    }
  }

  /** A free log line; one that could be mistaken for a marker is indented. */
  public synchronized void log(String line) {
    String safe = Marker.oneLine(line);
    out.println(Marker.startsWithMarkerWord(safe) ? "  " + safe : safe);
    out.flush();
  }

  private void marker(Marker m) {
    out.println(dialect.format(m));
    out.flush();
  }

  private void progress(TaskProgress s) {
    String pct = s.percent() < 0 ? "" : String.format(Locale.ROOT, "%.0f%% ", s.percent());
    if (dialect == MarkerDialect.SEED) {
      ObjectNode body = Json.object();
      body.put("type", "task_progress");
      body.put("task_index", s.index());
      body.put("task_type", type(s.index()));
      if (s.percent() >= 0) {
        body.put("percent", Json.round(s.percent(), 1));
      }
      body.put("message", s.message());
      marker(new Marker.Progress(body));
    } else {
      // The desktop UI's parser knows only its own progress objects: tell it in plain words.
      log("[" + label(s.index()) + "] progress " + pct + s.message());
    }
  }

  private void finished(int index, TaskResult r) {
    TaskRef ref = new TaskRef(index, r.taskType(), r.taskId());
    switch (r.status()) {
      case SUCCESS, WARNING -> marker(new Marker.TaskOk(ref, r.status().wireName()));
      case ERROR -> marker(new Marker.TaskFail(ref, r.reason()));
      case SKIPPED -> marker(new Marker.TaskSkip(ref, r.reason()));
    }
    log(String.format(Locale.ROOT, "Task %s took %.2f seconds", r.taskType(), r.durationSeconds()));
    results.add(r);
    ObjectNode body = Json.object();
    body.put("type", "progress");
    body.put("completed", results.size());
    body.put("total", taskTypes.size());
    body.set("last_result", ReportJson.result(r, dialect));
    if (dialect == MarkerDialect.AUTOSERVICE) {
      // Cumulative, as the original: the UI renders the whole list from each line.
      body.set("results", allResults());
    }
    body.put("overall_status", ReportJson.overallStatus(RunStatus.of(results)));
    marker(new Marker.Progress(body));
  }

  private ObjectNode finalBody(RunStatus status) {
    ObjectNode body = Json.object();
    body.put("type", "final");
    body.put("completed", results.size());
    body.put("total", taskTypes.size());
    body.set("results", allResults());
    body.put("overall_status", ReportJson.overallStatus(status));
    return body;
  }

  private ArrayNode allResults() {
    ArrayNode list = Json.array();
    results.forEach(x -> list.add(ReportJson.result(x, dialect)));
    return list;
  }

  private String type(int index) {
    return index >= 0 && index < taskTypes.size() ? taskTypes.get(index) : "task";
  }

  private String label(int index) {
    return index + ":" + type(index);
  }
}
