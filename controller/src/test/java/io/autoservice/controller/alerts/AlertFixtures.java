package io.autoservice.controller.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Recorded reports for the alert tests: {@code alerts/smartctl-*.report.json} are what {@code agent
 * run} printed for fixtures/plans/drives-smartctl-report.json with smartctl replaced by the
 * replaying fake tool and the case folders fixtures/replays/smartctl_report/failing-drives (an NVMe
 * drive that FAILED, 98 % worn, 12 media errors, beside a healthy SATA SSD) and healthy-nvme.
 */
final class AlertFixtures {
  private AlertFixtures() {}

  static ObjectNode report(String name) {
    try (InputStream in =
        AlertFixtures.class.getResourceAsStream("/alerts/" + name + ".report.json")) {
      return (ObjectNode) Json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The report with a change made to its JSON (e.g. more media errors). */
  static ObjectNode report(String name, Consumer<ObjectNode> change) {
    ObjectNode r = report(name);
    change.accept(r);
    return r;
  }

  /** The first drive of the first task, to change. */
  static ObjectNode drive(ObjectNode report, int i) {
    return (ObjectNode) report.at("/tasks/0/summary/results/drives/" + i);
  }

  /** A finished run of {@code agent} with this report (seed JSON). */
  static RunRecord finished(String runId, String agent, long seq, Instant at, JsonNode report) {
    RunReport r = ReportJson.readSeedReport(report);
    return new RunRecord(
        runId,
        agent,
        "PC-" + agent,
        seq,
        RunState.FINISHED,
        r.status(),
        plan(r),
        r.tasks().size(),
        "anna",
        at.minusSeconds(60),
        at.plusSeconds(3600),
        at,
        0,
        r,
        null,
        null);
  }

  /** A run that expired before it reached its agent. */
  static RunRecord expired(String runId, String agent, long seq, Instant at) {
    try {
      return new RunRecord(
          runId,
          agent,
          "PC-" + agent,
          seq,
          RunState.FINISHED,
          RunStatus.EXPIRED,
          PlanParser.parse("[{\"type\":\"hello_service\"}]"),
          0,
          "anna",
          at.minusSeconds(60),
          at.minusSeconds(1),
          at,
          0,
          null,
          "not delivered before " + at.minusSeconds(1),
          null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static io.autoservice.common.plan.Plan plan(RunReport r) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < r.tasks().size(); i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"type\":\"")
          .append(r.tasks().get(i).taskType())
          .append("\"}");
    }
    try {
      return PlanParser.parse(b.append("]").toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A one-task report in the seed shape. */
  static ObjectNode oneTask(String taskType, String status, JsonNode results) {
    ObjectNode r = Json.object();
    ObjectNode t = r.putArray("tasks").addObject();
    t.put("task_type", taskType).put("status", status);
    ObjectNode summary = t.putObject("summary");
    summary.putObject("human_readable");
    summary.set("results", results);
    r.put("status", status.equals("error") ? "completed_with_errors" : "ok");
    r.put("run_timestamp", "2026-12-07T10:00:00Z");
    r.put("run_id", "x");
    return r;
  }
}
