package io.autoservice.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.model.RunFilter;
import io.autoservice.controller.model.RunOrigin;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs over JDBC. Plans and reports are stored as JSON (the seed shape). A row whose plan, report
 * or state does not read is skipped and logged: one bad row must not stop a listing or a start.
 */
final class JdbcRunStore implements RunStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcRunStore.class);
  private static final String COLUMNS =
      "run_id, agent_id, hostname, queue_seq, state, status, plan_json, total_tasks, completed_tasks, dispatched_by,"
          + " dispatched_at, deliver_by, finished_at, last_seq, report_json, error, cancel_reason, origin, local_run_id";
  static final String INSERT =
      "INSERT INTO runs (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  static final String UPDATE =
      "UPDATE runs SET state=?, status=?, completed_tasks=?, finished_at=?, last_seq=?, report_json=?, error=?,"
          + " cancel_reason=? WHERE run_id=?";

  static final String EXPORT_DIR = "UPDATE runs SET export_dir = ? WHERE run_id = ?";

  private final Jdbc jdbc;

  JdbcRunStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public long maxQueueSeq() {
    return jdbc.one("SELECT COALESCE(MAX(queue_seq), 0) FROM runs", rs -> rs.getLong(1)).orElse(0L);
  }

  @Override
  public void insertAll(List<RunRecord> runs) {
    jdbc.inTransaction(tx -> {
      tx.batch(INSERT, runs.stream().map(r -> insertArgs(r, null)).toList());
      return null;
    });
  }

  @Override
  public void insert(RunRecord run, String localRunId) {
    jdbc.update(INSERT, insertArgs(run, localRunId));
  }

  @Override
  public void update(RunRecord run) {
    jdbc.update(UPDATE, updateArgs(run));
  }

  static Object[] insertArgs(RunRecord r, String localRunId) {
    return new Object[] {
      r.runId(), r.agentId(), r.hostname(), r.queueSeq(), r.state().dbName(), statusName(r.status()),
      planJson(r.plan()), r.totalTasks(), r.completedTasks(), r.dispatchedBy(), r.dispatchedAt(),
      r.deliverBy(), r.finishedAt(), r.lastSeq(), reportJson(r.report()), r.error(), r.cancelReason(),
      r.origin().wireName(), localRunId
    };
  }

  private record PlanText(Plan plan, String json) {}

  /** The last plan written, as JSON: a dispatch to 10,000 agents shares one plan, serialized once. */
  private static volatile PlanText lastPlan = new PlanText(null, null);

  private static String planJson(Plan plan) {
    PlanText last = lastPlan;
    if (last.plan() == plan) {
      return last.json();
    }
    String json = Json.compact(plan.toJson());
    lastPlan = new PlanText(plan, json);
    return json;
  }

  static Object[] updateArgs(RunRecord r) {
    return new Object[] {
      r.state().dbName(), statusName(r.status()), r.completedTasks(), r.finishedAt(), r.lastSeq(),
      reportJson(r.report()), r.error(), r.cancelReason(), r.runId()
    };
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return first(select("WHERE run_id = ?"), runId);
  }

  @Override
  public Optional<RunRecord> localRun(String agentId, String localRunId) {
    return first(select("WHERE agent_id = ? AND local_run_id = ?"), agentId, localRunId);
  }

  @Override
  public List<RunRecord> unfinished() {
    return read(select("WHERE state <> 'finished' ORDER BY queue_seq"));
  }

  @Override
  public List<RunRecord> runs(RunFilter f) {
    StringBuilder where = new StringBuilder("WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (f.agentId() != null) {
      where.append(" AND agent_id = ?");
      args.add(f.agentId());
    }
    if (f.state() != null) {
      where.append(" AND state = ?");
      args.add(f.state().dbName());
    }
    if (f.status() != null) {
      where.append(" AND status = ?");
      args.add(f.status().wireName());
    }
    if (f.since() != null) {
      where.append(" AND dispatched_at >= ?");
      args.add(f.since());
    }
    where.append(" ORDER BY queue_seq DESC LIMIT ?");
    args.add(f.effectiveLimit());
    return read(select(where.toString()), args.toArray());
  }

  @Override
  public Optional<String> exportDir(String runId) {
    return jdbc.one("SELECT export_dir FROM runs WHERE run_id = ?", rs -> rs.getString(1), runId)
        .filter(Objects::nonNull);
  }

  @Override
  public void setExportDir(String runId, String dir) {
    jdbc.update(EXPORT_DIR, dir, runId);
  }

  @Override
  public List<RunRecord> finishedWithoutExport(Instant since, int limit) {
    return read(select("WHERE state = 'finished' AND export_dir IS NULL AND finished_at >= ? ORDER BY finished_at LIMIT ?"),
        since, limit);
  }

  private static String select(String where) {
    return "SELECT " + COLUMNS + " FROM runs " + where;
  }

  private Optional<RunRecord> first(String sql, Object... args) {
    List<RunRecord> found = read(sql, args);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Rows that read; a bad one is logged and left out (null from the mapper). */
  private List<RunRecord> read(String sql, Object... args) {
    List<RunRecord> rows = jdbc.query(sql, JdbcRunStore::rowOrNull, args);
    rows.removeIf(Objects::isNull);
    return rows;
  }

  private static RunRecord rowOrNull(ResultSet rs) throws SQLException {
    String runId = rs.getString("run_id");
    try {
      return row(rs);
    } catch (PlanException | JsonProcessingException | RuntimeException e) {
      log.warn("run {}: stored row unreadable, left out: {}", runId, e.getMessage());
      return null;
    }
  }

  private static RunRecord row(ResultSet rs) throws SQLException, PlanException, JsonProcessingException {
    Plan plan = PlanParser.parse(rs.getString("plan_json"));
    String status = rs.getString("status");
    String report = rs.getString("report_json");
    RunReport parsed = report == null ? null : ReportJson.readSeedReport(Json.parse(report));
    return new RunRecord(
        rs.getString("run_id"), rs.getString("agent_id"), rs.getString("hostname"), rs.getLong("queue_seq"),
        RunState.fromDb(rs.getString("state")), status == null ? null : RunStatus.parse(status), plan,
        rs.getInt("completed_tasks"), rs.getString("dispatched_by"), Jdbc.instant(rs, "dispatched_at"),
        Jdbc.instant(rs, "deliver_by"), Jdbc.instant(rs, "finished_at"), rs.getLong("last_seq"), parsed,
        rs.getString("error"), rs.getString("cancel_reason"), RunOrigin.fromDb(rs.getString("origin")));
  }

  private static String statusName(RunStatus s) {
    return s == null ? null : s.wireName();
  }

  private static String reportJson(RunReport r) {
    return r == null ? null : Json.compact(ReportJson.report(r, MarkerDialect.SEED));
  }

  @Override
  public int pruneEvents(Instant cutoff, int maxRuns) {
    return jdbc.inTransaction(tx -> {
      List<String> ids = tx.query("SELECT run_id FROM runs WHERE state = 'finished' AND events_pruned = 0"
          + " AND finished_at < ? ORDER BY finished_at LIMIT ?", rs -> rs.getString(1), cutoff, maxRuns);
      for (String id : ids) {
        tx.update("DELETE FROM run_events WHERE run_id = ?", id);
        tx.update("UPDATE runs SET events_pruned = 1 WHERE run_id = ?", id);
      }
      return ids.size();
    });
  }

  @Override
  public int deleteRuns(Instant cutoff, int maxRuns) {
    return jdbc.inTransaction(tx -> {
      List<String> ids = tx.query("SELECT run_id FROM runs WHERE state = 'finished' AND finished_at < ?"
          + " ORDER BY finished_at LIMIT ?", rs -> rs.getString(1), cutoff, maxRuns);
      for (String id : ids) {
        tx.update("DELETE FROM run_events WHERE run_id = ?", id);
        tx.update("DELETE FROM runs WHERE run_id = ?", id);
      }
      return ids.size();
    });
  }

  @Override
  public List<ExportedFolder> exportedBefore(Instant cutoff, int limit) {
    return jdbc.query("SELECT run_id, export_dir FROM runs WHERE state = 'finished' AND finished_at < ?"
        + " AND export_dir IS NOT NULL AND export_dir <> '' ORDER BY finished_at LIMIT ?",
        rs -> new ExportedFolder(rs.getString(1), rs.getString(2)), cutoff, limit);
  }

  @Override
  public void folderPruned(String runId) {
    jdbc.update("UPDATE runs SET export_dir = '' WHERE run_id = ?", runId);
  }
}
