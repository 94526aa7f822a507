package io.autoservice.console.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.console.view.RunRow;
import io.autoservice.console.view.RunWatchItem;
import java.util.Locale;

/**
 * The {@code --json} shapes more than one verb prints (runs, and a watch's events): snake_case
 * keys, ISO-8601 times, results in the seed shape. A shape one verb prints stays in that verb.
 */
public final class ConsoleJson {
  private ConsoleJson() {}

  public static ObjectNode run(RunRow r) {
    ObjectNode o = Json.object();
    o.put("run_id", r.runId());
    o.put("agent_id", r.agentId());
    o.put("hostname", r.hostname());
    o.put("state", r.state().wireName());
    o.put("status", r.status() == null ? null : r.status().wireName());
    o.put("completed_tasks", r.completedTasks());
    o.put("total_tasks", r.totalTasks());
    o.put("dispatched_at", Times.iso(r.dispatchedAt()));
    o.put("finished_at", Times.iso(r.finishedAt()));
    o.put("dispatched_by", r.dispatchedBy());
    o.put("origin", r.origin());
    return o;
  }

  /** One watch item as one JSON object (a JSON Lines record). */
  public static ObjectNode item(RunWatchItem item, RunRow known) {
    if (item instanceof RunWatchItem.StateChanged s) {
      ObjectNode o = Json.object();
      o.put("type", "run_state");
      o.set("run", run(s.run()));
      return o;
    }
    if (item instanceof RunWatchItem.Resync r) {
      ObjectNode o = Json.object();
      o.put("type", "resync");
      o.put("run_id", r.runId());
      o.put("last_delivered_sequence", r.lastDeliveredSequence());
      return o;
    }
    return event(((RunWatchItem.Event) item).event(), known);
  }

  public static ObjectNode event(RunEvent e, RunRow known) {
    ObjectNode o = Json.object();
    EventPayload p = e.payload();
    o.put("type", type(p));
    o.put("run_id", e.runId());
    o.put("hostname", known == null ? null : known.hostname());
    o.put("sequence", e.sequence());
    o.put("time", e.time().toString());
    if (p instanceof EventPayload.RunStarted s) {
      ArrayNode types = o.putArray("task_types");
      s.taskTypes().forEach(types::add);
    } else if (p instanceof EventPayload.TaskStarted s) {
      o.put("index", s.index());
      o.put("task_type", s.taskType());
      o.put("task_id", s.taskId());
    } else if (p instanceof EventPayload.TaskProgress s) {
      o.put("index", s.index());
      if (s.percent() >= 0) {
        o.put("percent", Json.round(s.percent(), 1));
      }
      o.put("message", s.message());
    } else if (p instanceof EventPayload.TaskOutput s) {
      o.put("index", s.index());
      o.put("stream", s.source().name().toLowerCase(Locale.ROOT));
      o.put("line", s.line());
    } else if (p instanceof EventPayload.TaskFinished s) {
      o.put("index", s.index());
      o.set("result", ReportJson.result(s.result(), MarkerDialect.SEED));
    } else if (p instanceof EventPayload.RunFinished s) {
      o.set("report", ReportJson.report(s.report(), MarkerDialect.SEED));
    }
    return o;
  }

  static String type(EventPayload p) {
    if (p instanceof EventPayload.RunStarted) {
      return "run_started";
    } else if (p instanceof EventPayload.TaskStarted) {
      return "task_started";
    } else if (p instanceof EventPayload.TaskProgress) {
      return "task_progress";
    } else if (p instanceof EventPayload.TaskOutput) {
      return "task_output";
    } else if (p instanceof EventPayload.TaskFinished) {
      return "task_finished";
    }
    return "run_finished";
  }
}
