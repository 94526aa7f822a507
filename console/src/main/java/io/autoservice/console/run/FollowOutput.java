package io.autoservice.console.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.result.TaskResult;
import io.autoservice.console.render.ConsoleJson;
import io.autoservice.console.render.Terminal;
import io.autoservice.console.view.RunRow;
import io.autoservice.console.view.RunWatchItem;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a run watch for people ({@code <host> <run-short> [2/5] TASK_OK ping_test}) or, with
 * {@code --json}, as JSON Lines (one object per watch item). Notices about the watch itself
 * (reconnects) go to stderr.
 */
public final class FollowOutput implements RunWatcher.Listener {
  private final Terminal out;
  private final Terminal err;
  private final boolean json;
  private final Map<String, RunRow> runs = new HashMap<>();
  private final Map<String, Integer> totals = new HashMap<>();
  private final Map<String, RunRow.State> shownState = new HashMap<>();

  public FollowOutput(Terminal out, Terminal err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  /** Runs known before the watch (from the dispatch answer): names their hosts from the start. */
  public void know(RunRow run) {
    runs.put(run.runId(), run);
    totals.putIfAbsent(run.runId(), run.totalTasks());
  }

  @Override
  public void onState(RunRow run) {
    know(run);
    if (json) {
      json(ConsoleJson.item(new RunWatchItem.StateChanged(run), run));
      return;
    }
    if (run.state() == shownState.put(run.runId(), run.state())) {
      return; // a progress update (the controller re-sends the state with each finished task)
    }
    String what =
        run.finished()
            ? "finished: "
                + (run.status() == null ? "unknown" : run.status().wireName())
                + " ("
                + run.completedTasks()
                + "/"
                + run.totalTasks()
                + " tasks)"
            : run.state().wireName();
    line(prefix(run.runId()) + " " + what);
  }

  @Override
  public void onEvent(RunEvent e, RunRow run) {
    if (run != null) {
      know(run);
    }
    if (json) {
      json(ConsoleJson.event(e, runs.get(e.runId())));
      return;
    }
    String text = describe(e);
    if (text != null) {
      line(prefix(e.runId()) + " " + text);
    }
  }

  @Override
  public void onResync(String runId, long lastDelivered) {
    if (json) {
      json(ConsoleJson.item(new RunWatchItem.Resync(runId, lastDelivered), runs.get(runId)));
    } else {
      line(
          prefix(runId)
              + " resync: the console fell behind; replaying after event "
              + lastDelivered);
    }
  }

  @Override
  public void onReconnect(String why, Duration wait) {
    err.println("watch lost (" + why + "); reconnecting in " + wait.toSeconds() + "s");
    err.flush();
  }

  private String describe(RunEvent e) {
    EventPayload p = e.payload();
    if (p instanceof EventPayload.RunStarted s) {
      totals.put(e.runId(), s.taskTypes().size());
      return "[0/" + s.taskTypes().size() + "] started: " + String.join(", ", s.taskTypes());
    } else if (p instanceof EventPayload.TaskStarted s) {
      return at(e.runId(), s.index()) + " TASK_START " + s.taskType();
    } else if (p instanceof EventPayload.TaskProgress s) {
      String pct = s.percent() < 0 ? "" : String.format(Locale.ROOT, "%.0f%% ", s.percent());
      return at(e.runId(), s.index()) + " " + pct + s.message();
    } else if (p instanceof EventPayload.TaskOutput s) {
      return at(e.runId(), s.index()) + " | " + s.line();
    } else if (p instanceof EventPayload.TaskFinished s) {
      return at(e.runId(), s.index()) + " " + finished(s.result());
    }
    return null; // RunFinished: the "finished" state line says it
  }

  private static String finished(TaskResult r) {
    return switch (r.status()) {
      case SUCCESS -> "TASK_OK " + r.taskType();
      case WARNING -> "TASK_OK " + r.taskType() + " (warning)";
      case ERROR -> "TASK_FAIL " + r.taskType() + ": " + r.reason();
      case SKIPPED -> "TASK_SKIP " + r.taskType() + ": " + r.reason();
    };
  }

  private String at(String runId, int index) {
    return "[" + (index + 1) + "/" + totals.getOrDefault(runId, 0) + "]";
  }

  private String prefix(String runId) {
    RunRow r = runs.get(runId);
    return (r == null ? "?" : r.machine()) + " " + RunRow.shortId(runId);
  }

  private void json(JsonNode item) {
    out.jsonLine(item);
    out.flush();
  }

  /** One line on the terminal, whatever agent text it holds (see {@link Terminal}). */
  private void line(String s) {
    out.println(s);
    out.flush();
  }
}
