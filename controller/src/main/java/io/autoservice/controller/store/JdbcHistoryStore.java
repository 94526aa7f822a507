package io.autoservice.controller.store;

import io.autoservice.controller.model.HistoryPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Each PC's history over JDBC; every statement is shared by SQLite and PostgreSQL. */
final class JdbcHistoryStore implements HistoryStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcHistoryStore.class);

  /** A metric filter longer than this is refused by the caller; the SQL binds one ? per name. */
  static final int MAX_METRICS = 64;

  private static final String INSERT_POINT =
      "INSERT INTO history_points (agent_id, metric, subject, run_id, at, value, text)"
          + " VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING";
  private static final String INSERT_RUN =
      "INSERT INTO history_runs (run_id, agent_id, finished_at, points) VALUES (?,?,?,?)"
          + " ON CONFLICT DO NOTHING";

  private final Jdbc jdbc;

  JdbcHistoryStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void record(String runId, String agentId, Instant finishedAt, List<HistoryPoint> points) {
    jdbc.inTransaction(
        tx -> {
          tx.batch(
              INSERT_POINT,
              points.stream()
                  .map(
                      p ->
                          new Object[] {
                            p.agentId(),
                            p.metric(),
                            p.subject(),
                            p.runId(),
                            p.at(),
                            p.value(),
                            p.text()
                          })
                  .toList());
          tx.update(INSERT_RUN, runId, agentId, finishedAt, points.size());
          return null;
        });
  }

  @Override
  public boolean recorded(String runId) {
    return jdbc.one("SELECT 1 FROM history_runs WHERE run_id = ?", rs -> true, runId).isPresent();
  }

  @Override
  public List<String> finishedWithoutHistory(Instant since, int limit) {
    return jdbc.query(
        "SELECT r.run_id FROM runs r WHERE r.state = 'finished' AND r.finished_at >= ?"
            + " AND NOT EXISTS (SELECT 1 FROM history_runs h WHERE h.run_id = r.run_id)"
            + " ORDER BY r.finished_at LIMIT ?",
        rs -> rs.getString(1),
        since,
        limit);
  }

  @Override
  public List<HistoryPoint> points(
      String agentId, Collection<String> metrics, Instant since, int limit) {
    if (metrics.size() > MAX_METRICS) {
      throw new IllegalArgumentException(
          "metrics: " + metrics.size() + " names (expected: at most " + MAX_METRICS + ")");
    }
    List<Object> args = new ArrayList<>(List.of(agentId, since));
    StringBuilder sql =
        new StringBuilder(
            "SELECT agent_id, metric, subject, run_id, at, value, text FROM history_points"
                + " WHERE agent_id = ? AND at >= ?");
    if (!metrics.isEmpty()) {
      sql.append(" AND metric IN (").append("?,".repeat(metrics.size() - 1)).append("?)");
      args.addAll(metrics);
    }
    sql.append(" ORDER BY at DESC LIMIT ?");
    args.add(limit);
    List<HistoryPoint> rows =
        new ArrayList<>(
            jdbc
                .query(
                    sql.toString(),
                    rs -> {
                      try {
                        return new HistoryPoint(
                            rs.getString(1),
                            rs.getString(4),
                            rs.getString(2),
                            rs.getString(3),
                            Jdbc.instant(rs, "at"),
                            rs.getDouble(6),
                            rs.getString(7));
                      } catch (RuntimeException e) {
                        log.warn(
                            "a history row of agent {} does not read: {}", agentId, e.toString());
                        return null;
                      }
                    },
                    args.toArray())
                .stream()
                .filter(Objects::nonNull)
                .toList());
    rows.sort(
        Comparator.comparing(HistoryPoint::metric)
            .thenComparing(HistoryPoint::subject)
            .thenComparing(HistoryPoint::at)
            .thenComparing(HistoryPoint::runId));
    return rows;
  }

  @Override
  public int prune(Instant cutoff, int maxRuns) {
    return jdbc.inTransaction(
        tx -> {
          List<String> ids =
              tx.query(
                  "SELECT run_id FROM history_runs WHERE finished_at < ?"
                      + " ORDER BY finished_at LIMIT ?",
                  rs -> rs.getString(1),
                  cutoff,
                  maxRuns);
          for (String id : ids) {
            tx.update("DELETE FROM history_points WHERE run_id = ?", id);
            tx.update("DELETE FROM history_runs WHERE run_id = ?", id);
          }
          return ids.size();
        });
  }
}
