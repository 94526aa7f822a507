package io.autoservice.controller.store;

import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.text.SafeText;
import io.autoservice.controller.model.RunOrigin;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one {@code runs} row without trusting it. Each column is read on its own; one that does not
 * read (a plan or report that does not parse, an unknown state or status, a time outside 0001-9999,
 * a NULL where a value belongs) makes the whole run <em>unreadable</em>: it is shown finished
 * {@code error}, with what was readable and a reason naming the bad columns, and a warning is
 * logged. Reading a row never throws for its content.
 */
final class StoredRun {
  private static final Logger log = LoggerFactory.getLogger(StoredRun.class);
  static final String UNREADABLE = "the controller cannot read this run's stored row: ";
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  private static final Plan NO_PLAN = new Plan(List.of(), null);
  private static final java.util.Set<String> WARNED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final ResultSet rs;
  private final List<String> problems = new ArrayList<>();

  private StoredRun(ResultSet rs) {
    this.rs = rs;
  }

  static RunRecord read(ResultSet rs) throws SQLException {
    return new StoredRun(rs).record();
  }

  private RunRecord record() throws SQLException {
    String runId = nz(rs.getString("run_id"));
    String agentId = nz(rs.getString("agent_id"));
    Plan plan = column("plan_json", NO_PLAN, () -> PlanParser.parse(rs.getString("plan_json")));
    RunState state =
        column("state", RunState.FINISHED, () -> RunState.fromDb(rs.getString("state")));
    RunStatus status =
        column(
            "status",
            RunStatus.ERROR,
            () -> {
              String s = rs.getString("status");
              return s == null ? null : RunStatus.parse(s);
            });
    RunReport report =
        column(
            "report_json",
            null,
            () -> {
              String r = rs.getString("report_json");
              return r == null ? null : ReportJson.readSeedReport(Json.parse(r));
            });
    Instant dispatchedAt =
        column("dispatched_at", Instant.EPOCH, () -> time("dispatched_at", true));
    Instant deliverBy = column("deliver_by", dispatchedAt, () -> time("deliver_by", true));
    Instant finishedAt = column("finished_at", null, () -> time("finished_at", false));
    RunOrigin origin = RunOrigin.fromDb(rs.getString("origin"));
    String error = rs.getString("error");
    if (state == RunState.FINISHED && status == null && problems.isEmpty()) {
      problems.add("status (NULL for a finished run)");
    }
    if (!problems.isEmpty()) {
      String why = UNREADABLE + String.join("; ", problems);
      if (WARNED.size() < 10_000 && WARNED.add(runId)) { // once per run, not at every listing
        log.warn("run {}: {}", SafeText.line(runId), why);
      }
      state = RunState.FINISHED;
      status = RunStatus.ERROR;
      error = why;
      finishedAt = finishedAt != null ? finishedAt : dispatchedAt;
    }
    return new RunRecord(
        runId,
        agentId,
        rs.getString("hostname"),
        rs.getLong("queue_seq"),
        state,
        status,
        plan,
        Math.max(0, rs.getInt("completed_tasks")),
        rs.getString("dispatched_by"),
        dispatchedAt,
        deliverBy,
        finishedAt,
        Math.max(0, rs.getLong("last_seq")),
        report,
        error,
        rs.getString("cancel_reason"),
        origin);
  }

  @FunctionalInterface
  private interface Column<T> {
    T read() throws Exception;
  }

  /** The column's value, or {@code fallback} with the problem noted. */
  private <T> T column(String name, T fallback, Column<T> read) {
    try {
      return read.read();
    } catch (PlanException e) {
      problems.add(name + " (" + String.join("; ", e.problems()) + ")");
    } catch (Exception e) { // JSON, enum names, times, NULLs: whatever the row holds
      problems.add(name + " (" + abbreviate(String.valueOf(e.getMessage())) + ")");
    }
    return fallback;
  }

  private Instant time(String column, boolean required) throws SQLException {
    Instant t = Jdbc.instant(rs, column);
    if (t == null) {
      if (required) {
        throw new IllegalStateException("NULL");
      }
      return null;
    }
    if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
      throw new IllegalStateException("out of range: " + t);
    }
    return t;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String abbreviate(String s) {
    String one = SafeText.line(s);
    return one.length() > 200 ? one.substring(0, 200) + "…" : one;
  }
}
