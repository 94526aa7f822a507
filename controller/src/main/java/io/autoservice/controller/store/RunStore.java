package io.autoservice.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.RunOrigin;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads and writes agents, runs and run events with plain JDBC. Plans and reports are stored as
 * JSON (the seed shape), events as their protobuf bytes. Every method is one short transaction.
 */
public final class RunStore {
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};
  private static final TypeReference<List<String>> TYPES = new TypeReference<>() {};
  private final DataSource ds;

  public RunStore(DataSource ds) {
    this.ds = ds;
  }

  /** Filters for {@link #runs}; null fields match everything. */
  public record RunFilter(String agentId, RunState state, RunStatus status, Instant since, int limit) {}

  /** One stored event. */
  public record EventRow(String runId, long seq, Instant time, byte[] body) {}

  // ---- agents

  public void upsertAgent(AgentRecord a) {
    sql(
        "MERGE INTO agents (agent_id, hostname, os_name, os_version, agent_version, username, labels_json,"
            + " task_types, first_seen, last_seen) KEY (agent_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
        ps -> {
          ps.setString(1, a.agentId());
          ps.setString(2, a.hostname());
          ps.setString(3, a.osName());
          ps.setString(4, a.osVersion());
          ps.setString(5, a.agentVersion());
          ps.setString(6, a.username());
          ps.setString(7, json(a.labels()));
          ps.setString(8, json(a.taskTypes()));
          ps.setTimestamp(9, Timestamp.from(a.firstSeen()));
          ps.setTimestamp(10, Timestamp.from(a.lastSeen()));
          ps.executeUpdate();
        });
  }

  public void touchAgents(Map<String, Instant> lastSeen) {
    sql(
        "UPDATE agents SET last_seen = ? WHERE agent_id = ?",
        ps -> {
          for (Map.Entry<String, Instant> e : lastSeen.entrySet()) {
            ps.setTimestamp(1, Timestamp.from(e.getValue()));
            ps.setString(2, e.getKey());
            ps.addBatch();
          }
          ps.executeBatch();
        });
  }

  public List<AgentRecord> agents() {
    List<AgentRecord> out = new ArrayList<>();
    sql(
        "SELECT * FROM agents ORDER BY hostname, agent_id",
        ps -> {
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new AgentRecord(
                      rs.getString("agent_id"), rs.getString("hostname"), rs.getString("os_name"),
                      rs.getString("os_version"), rs.getString("agent_version"), rs.getString("username"),
                      read(rs.getString("labels_json"), LABELS), read(rs.getString("task_types"), TYPES),
                      rs.getTimestamp("first_seen").toInstant(), rs.getTimestamp("last_seen").toInstant()));
            }
          }
        });
    return out;
  }

  // ---- runs

  public long maxQueueSeq() {
    long[] max = {0};
    sql(
        "SELECT COALESCE(MAX(queue_seq), 0) FROM runs",
        ps -> {
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            max[0] = rs.getLong(1);
          }
        });
    return max[0];
  }

  public void insertRun(RunRecord r) {
    insertRun(r, null);
  }

  /**
   * Inserts a run; {@code localRunId} is the agent's id of a local run ({@code agent run --sync}),
   * null for a dispatched one. A second local run with the same (agent, local id) fails on the
   * unique index: {@link #localRun} is how callers avoid that.
   */
  public void insertRun(RunRecord r, String localRunId) {
    sql(
        "INSERT INTO runs (run_id, agent_id, hostname, queue_seq, state, status, plan_json, total_tasks,"
            + " completed_tasks, dispatched_by, dispatched_at, deliver_by, finished_at, last_seq, report_json,"
            + " error, cancel_reason, origin, local_run_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ps -> {
          ps.setString(1, r.runId());
          ps.setString(2, r.agentId());
          ps.setString(3, r.hostname());
          ps.setLong(4, r.queueSeq());
          ps.setString(5, r.state().dbName());
          ps.setString(6, r.status() == null ? null : r.status().wireName());
          ps.setString(7, Json.compact(r.plan().toJson()));
          ps.setInt(8, r.totalTasks());
          ps.setInt(9, r.completedTasks());
          ps.setString(10, r.dispatchedBy());
          ps.setTimestamp(11, Timestamp.from(r.dispatchedAt()));
          ps.setTimestamp(12, Timestamp.from(r.deliverBy()));
          setInstant(ps, 13, r.finishedAt());
          ps.setLong(14, r.lastSeq());
          ps.setString(15, r.report() == null ? null : Json.compact(ReportJson.report(r.report(), MarkerDialect.SEED)));
          ps.setString(16, r.error());
          ps.setString(17, r.cancelReason());
          ps.setString(18, r.origin().wireName());
          ps.setString(19, localRunId);
          ps.executeUpdate();
        });
  }

  /** The run stored for an agent's local run id, if it was uploaded before. */
  public Optional<RunRecord> localRun(String agentId, String localRunId) {
    return query("SELECT * FROM runs WHERE agent_id = ? AND local_run_id = ?", List.of(agentId, localRunId))
        .stream()
        .findFirst();
  }

  /** Writes a run's changing columns. */
  public void updateRun(RunRecord r) {
    sql(
        "UPDATE runs SET state=?, status=?, completed_tasks=?, finished_at=?, last_seq=?, report_json=?,"
            + " error=?, cancel_reason=? WHERE run_id=?",
        ps -> {
          ps.setString(1, r.state().dbName());
          ps.setString(2, r.status() == null ? null : r.status().wireName());
          ps.setInt(3, r.completedTasks());
          setInstant(ps, 4, r.finishedAt());
          ps.setLong(5, r.lastSeq());
          ps.setString(6, r.report() == null ? null : Json.compact(ReportJson.report(r.report(), MarkerDialect.SEED)));
          ps.setString(7, r.error());
          ps.setString(8, r.cancelReason());
          ps.setString(9, r.runId());
          ps.executeUpdate();
        });
  }

  public Optional<RunRecord> run(String runId) {
    List<RunRecord> found = query("SELECT * FROM runs WHERE run_id = ?", List.of(runId));
    return found.stream().findFirst();
  }

  /** Runs not finished, in dispatch order: the controller's work after a restart. */
  public List<RunRecord> unfinishedRuns() {
    return query("SELECT * FROM runs WHERE state <> 'finished' ORDER BY queue_seq", List.of());
  }

  /** Runs matching the filter, newest first. */
  public List<RunRecord> runs(RunFilter f) {
    StringBuilder q = new StringBuilder("SELECT * FROM runs WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (f.agentId() != null) {
      q.append(" AND agent_id = ?");
      args.add(f.agentId());
    }
    if (f.state() != null) {
      q.append(" AND state = ?");
      args.add(f.state().dbName());
    }
    if (f.status() != null) {
      q.append(" AND status = ?");
      args.add(f.status().wireName());
    }
    if (f.since() != null) {
      q.append(" AND dispatched_at >= ?");
      args.add(Timestamp.from(f.since()));
    }
    q.append(" ORDER BY queue_seq DESC LIMIT ").append(f.limit() <= 0 ? 100 : Math.min(f.limit(), 10_000));
    return query(q.toString(), args);
  }

  // ---- events

  /** Stores events; one already held (same run and sequence) is left as it was. */
  public void appendEvents(List<EventRow> rows) {
    sql(
        "MERGE INTO run_events (run_id, seq, event_time, body) KEY (run_id, seq) VALUES (?,?,?,?)",
        ps -> {
          for (EventRow e : rows) {
            ps.setString(1, e.runId());
            ps.setLong(2, e.seq());
            ps.setTimestamp(3, Timestamp.from(e.time()));
            ps.setBytes(4, e.body());
            ps.addBatch();
          }
          ps.executeBatch();
        });
  }

  /**
   * Forces what was committed onto the disk ({@code CHECKPOINT SYNC}). Even with {@code
   * WRITE_DELAY=0} the fault-injection suite saw a controller killed twice in a row come back
   * without a batch it had committed and acked; syncing before acks closes that window, at one
   * fsync per batch of events.
   */
  public void sync() {
    sql("CHECKPOINT SYNC", java.sql.PreparedStatement::execute);
  }

  /** The highest stored sequence of a run (events are only accepted in order, so no gaps). */
  public long maxSeq(String runId) {
    long[] max = {0};
    sql(
        "SELECT COALESCE(MAX(seq), 0) FROM run_events WHERE run_id = ?",
        ps -> {
          ps.setString(1, runId);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            max[0] = rs.getLong(1);
          }
        });
    return max[0];
  }

  /** A run's stored events after a sequence, in order. */
  public List<EventRow> events(String runId, long afterSeq) {
    return events(runId, afterSeq, Integer.MAX_VALUE);
  }

  /** At most {@code limit} of a run's stored events after a sequence, in order. */
  public List<EventRow> events(String runId, long afterSeq, int limit) {
    List<EventRow> out = new ArrayList<>();
    sql(
        "SELECT seq, event_time, body FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        ps -> {
          ps.setString(1, runId);
          ps.setLong(2, afterSeq);
          ps.setInt(3, limit);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(new EventRow(runId, rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getBytes(3)));
            }
          }
        });
    return out;
  }

  // ---- plumbing

  private List<RunRecord> query(String q, List<Object> args) {
    List<RunRecord> out = new ArrayList<>();
    sql(
        q,
        ps -> {
          for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(runRow(rs));
            }
          }
        });
    return out;
  }

  private static RunRecord runRow(ResultSet rs) throws SQLException {
    Plan plan;
    try {
      plan = PlanParser.parse(rs.getString("plan_json"));
    } catch (PlanException e) {
      throw new SQLException("run " + rs.getString("run_id") + ": stored plan unreadable: " + e.getMessage(), e);
    }
    String status = rs.getString("status");
    String report = rs.getString("report_json");
    Timestamp finished = rs.getTimestamp("finished_at");
    RunReport parsed = null;
    if (report != null) {
      try {
        parsed = ReportJson.readSeedReport(Json.parse(report));
      } catch (JsonProcessingException e) {
        throw new SQLException("run " + rs.getString("run_id") + ": stored report unreadable", e);
      }
    }
    return new RunRecord(
        rs.getString("run_id"), rs.getString("agent_id"), rs.getString("hostname"), rs.getLong("queue_seq"),
        RunState.fromDb(rs.getString("state")), status == null ? null : RunStatus.parse(status), plan,
        rs.getInt("completed_tasks"), rs.getString("dispatched_by"), rs.getTimestamp("dispatched_at").toInstant(),
        rs.getTimestamp("deliver_by").toInstant(), finished == null ? null : finished.toInstant(),
        rs.getLong("last_seq"), parsed, rs.getString("error"), rs.getString("cancel_reason"),
        RunOrigin.fromDb(rs.getString("origin")));
  }

  private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setTimestamp(i, Timestamp.from(t));
    }
  }

  private static String json(Object o) {
    try {
      return Json.mapper().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T read(String text, TypeReference<T> type) {
    try {
      return Json.mapper().readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored JSON unreadable: " + e.getOriginalMessage(), e);
    }
  }

  private interface Work {
    void run(PreparedStatement ps) throws SQLException;
  }

  private void sql(String statement, Work work) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(statement)) {
      work.run(ps);
    } catch (SQLException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  /** A database failure: the controller cannot keep its promise to persist. */
  public static final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
