package io.autoservice.controller.store;

import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.model.RunFilter;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs over JDBC. Plans and reports are stored as JSON (the seed shape). The store never trusts its
 * rows: one whose plan, report, state or times do not read is shown as unreadable ({@link
 * StoredRun}), never thrown: one bad row must not stop a listing, a report or a start.
 */
final class JdbcRunStore implements RunStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcRunStore.class);
  private static final String COLUMNS =
      "run_id, agent_id, hostname, queue_seq, state, status, plan_json, total_tasks, completed_tasks, dispatched_by,"
          + " dispatched_at, deliver_by, finished_at, last_seq, report_json, error, cancel_reason, origin, local_run_id";

  /**
   * A listing's columns: the report stays in the store. Ten thousand runs with their reports parsed
   * took more than a 768 MB heap has (one ListRuns of 10,000 after a burst ended the controller
   * with an OutOfMemoryError), and no listing shows a report.
   */
  private static final String LIST_COLUMNS = COLUMNS.replace("report_json", "NULL AS report_json");

  static final String INSERT =
      "INSERT INTO runs (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  /**
   * The group commit's insert: a batch whose commit outcome was unknown (the connection lost during
   * COMMIT) is written again, and a run it already stored must not make the retry fail.
   */
  static final String INSERT_ONCE = INSERT + " ON CONFLICT DO NOTHING";

  static final String UPDATE =
      "UPDATE runs SET state=?, status=?, completed_tasks=?, finished_at=?, last_seq=?, report_json=?, error=?,"
          + " cancel_reason=? WHERE run_id=? AND state <> 'finished'";

  static final String EXPORT_DIR = "UPDATE runs SET export_dir = ? WHERE run_id = ?";

  private final Jdbc jdbc;

  /**
   * A listing's columns: the report stays in the store (see {@link Dialect#listedReportColumn}).
   * Ten thousand runs with their reports parsed took more than a 768 MB heap has: one ListRuns of
   * 10,000 after a burst ended the controller with an OutOfMemoryError, and no listing shows a
   * report.
   */
  private final String listColumns;

  JdbcRunStore(Jdbc jdbc, Dialect dialect) {
    this.listColumns = COLUMNS.replace("report_json", dialect.listedReportColumn());
    this.jdbc = jdbc;
  }

  @Override
  public long maxQueueSeq() {
    return jdbc.one("SELECT COALESCE(MAX(queue_seq), 0) FROM runs", rs -> rs.getLong(1)).orElse(0L);
  }

  @Override
  public void insertAll(List<RunRecord> runs) {
    jdbc.inTransaction(
        tx -> {
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
      r.runId(),
      r.agentId(),
      r.hostname(),
      r.queueSeq(),
      r.state().dbName(),
      statusName(r.status()),
      planJson(r.plan()),
      r.totalTasks(),
      r.completedTasks(),
      r.dispatchedBy(),
      r.dispatchedAt(),
      r.deliverBy(),
      r.finishedAt(),
      r.lastSeq(),
      reportJson(r.report()),
      r.error(),
      r.cancelReason(),
      r.origin().wireName(),
      localRunId
    };
  }

  private record PlanText(Plan plan, String json) {}

  /**
   * The last plan written, as JSON: a dispatch to 10,000 agents shares one plan, serialized once.
   */
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
      r.state().dbName(),
      statusName(r.status()),
      r.completedTasks(),
      r.finishedAt(),
      r.lastSeq(),
      reportJson(r.report()),
      r.error(),
      r.cancelReason(),
      r.runId()
    };
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return first(select("WHERE run_id = ?"), runId);
  }

  @Override
  public List<RunRecord> listed(java.util.Collection<String> runIds) {
    List<RunRecord> out = new ArrayList<>();
    List<String> ids = List.copyOf(runIds);
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + 500));
      out.addAll(
          read(
              "SELECT "
                  + listColumns
                  + " FROM runs WHERE run_id IN ("
                  + String.join(",", java.util.Collections.nCopies(part.size(), "?"))
                  + ")",
              part.toArray()));
    }
    return out;
  }

  @Override
  public Optional<RunRecord> localRun(String agentId, String localRunId) {
    return first(select("WHERE agent_id = ? AND local_run_id = ?"), agentId, localRunId);
  }

  /**
   * Unfinished runs to resume. One whose row does not read cannot be resumed: it is ended {@code
   * error} here, in the store, with the reason, so a start never stops on it and it never comes
   * back.
   */
  @Override
  public List<RunRecord> unfinished() {
    return unfinished(select("WHERE state <> 'finished' ORDER BY queue_seq"));
  }

  @Override
  public List<RunRecord> unfinishedOf(String agentId) {
    return unfinished(
        select("WHERE agent_id = ? AND state <> 'finished' ORDER BY queue_seq"), agentId);
  }

  private List<RunRecord> unfinished(String sql, Object... args) {
    List<RunRecord> out = new ArrayList<>();
    for (RunRecord r : read(sql, args)) {
      if (r.state() == RunState.FINISHED) { // unreadable: StoredRun shows it ended
        log.warn(
            "run {}: stored unfinished but its row cannot be read; ended error ({})",
            r.runId(),
            r.error());
        jdbc.update(
            "UPDATE runs SET state = 'finished', status = 'error', error = ?, finished_at = ? WHERE run_id = ?",
            r.error(),
            r.finishedAt(),
            r.runId());
      } else {
        out.add(r);
      }
    }
    return out;
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
    return read("SELECT " + listColumns + " FROM runs " + where, args.toArray());
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
  public List<String> finishedWithoutExport(Instant since, Instant before, int limit) {
    return jdbc.query(
        "SELECT run_id FROM runs WHERE state = 'finished' AND export_dir IS NULL"
            + " AND finished_at >= ? AND finished_at < ? ORDER BY finished_at LIMIT ?",
        rs -> rs.getString(1),
        since,
        before,
        limit);
  }

  @Override
  public boolean claimExport(String runId, String exporter, Instant now, Instant staleBefore) {
    return jdbc.update(
            "UPDATE runs SET export_claimed_by = ?, export_claimed_at = ? WHERE run_id = ?"
                + " AND state = 'finished' AND export_dir IS NULL AND (export_claimed_at IS NULL"
                + " OR export_claimed_by = ? OR export_claimed_at < ?)",
            exporter,
            now,
            runId,
            exporter,
            staleBefore)
        == 1;
  }

  private static String select(String where) {
    return "SELECT " + COLUMNS + " FROM runs " + where;
  }

  private Optional<RunRecord> first(String sql, Object... args) {
    List<RunRecord> found = read(sql, args);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Rows as {@link StoredRun} reads them: a bad one is kept, shown as unreadable (see there). */
  private List<RunRecord> read(String sql, Object... args) {
    return jdbc.query(sql, StoredRun::read, args);
  }

  private static String statusName(RunStatus s) {
    return s == null ? null : s.wireName();
  }

  private static String reportJson(RunReport r) {
    return r == null ? null : Json.compact(ReportJson.report(r, MarkerDialect.SEED));
  }

  @Override
  public int pruneEvents(Instant cutoff, int maxRuns) {
    return jdbc.inTransaction(
        tx -> {
          List<String> ids =
              tx.query(
                  "SELECT run_id FROM runs WHERE state = 'finished' AND events_pruned = 0"
                      + " AND finished_at < ? ORDER BY finished_at LIMIT ?",
                  rs -> rs.getString(1),
                  cutoff,
                  maxRuns);
          for (String id : ids) {
            tx.update("DELETE FROM run_events WHERE run_id = ?", id);
            tx.update("UPDATE runs SET events_pruned = 1 WHERE run_id = ?", id);
          }
          return ids.size();
        });
  }

  @Override
  public int deleteRuns(Instant cutoff, int maxRuns) {
    return jdbc.inTransaction(
        tx -> {
          List<String> ids =
              tx.query(
                  "SELECT run_id FROM runs WHERE state = 'finished' AND finished_at < ?"
                      + " ORDER BY finished_at LIMIT ?",
                  rs -> rs.getString(1),
                  cutoff,
                  maxRuns);
          for (String id : ids) {
            tx.update("DELETE FROM run_events WHERE run_id = ?", id);
            tx.update("DELETE FROM runs WHERE run_id = ?", id);
          }
          return ids.size();
        });
  }

  @Override
  public List<ExportedFolder> exportedBefore(Instant cutoff, int limit) {
    return jdbc.query(
        "SELECT run_id, export_dir FROM runs WHERE state = 'finished' AND finished_at < ?"
            + " AND export_dir IS NOT NULL AND export_dir <> '' ORDER BY finished_at LIMIT ?",
        rs -> new ExportedFolder(rs.getString(1), rs.getString(2)),
        cutoff,
        limit);
  }

  @Override
  public void folderPruned(String runId) {
    jdbc.update("UPDATE runs SET export_dir = '' WHERE run_id = ?", runId);
  }
}
