package io.autoservice.controller.store;

import io.autoservice.controller.model.Alert;
import io.autoservice.controller.model.AlertDelivery;
import io.autoservice.controller.model.AlertFilter;
import io.autoservice.controller.model.AlertFinding;
import io.autoservice.controller.model.AlertScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Alerts over JDBC (see V7__alerts.sql). */
final class JdbcAlertStore implements AlertStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcAlertStore.class);
  private static final String COLUMNS =
      "id, rule, agent_id, subject, hostname, severity, message, run_id, raised_at, acked_at,"
          + " acked_by, ack_note, resolved_at, resolved_by_run";
  private static final int MAX_ERROR = 500;

  private final Jdbc jdbc;

  JdbcAlertStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Applied apply(
      String runId,
      Instant now,
      List<AlertFinding> findings,
      List<AlertScope> scopes,
      List<String> channels,
      boolean notifyResolved) {
    return jdbc.inTransaction(
        tx -> {
          if (runId != null
              && tx.update(
                      "INSERT INTO alert_evaluated (run_id, evaluated_at) VALUES (?, ?)"
                          + " ON CONFLICT DO NOTHING",
                      runId,
                      now)
                  == 0) {
            return Applied.ALREADY;
          }
          List<Alert> raised = new ArrayList<>();
          Set<String> found = new HashSet<>();
          for (AlertFinding f : findings) {
            found.add(key(f.rule(), f.agentId(), f.subject()));
            int inserted =
                tx.update(
                    "INSERT INTO alerts (rule, agent_id, subject, hostname, severity, message,"
                        + " run_id, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    f.rule(),
                    f.agentId(),
                    f.subject(),
                    f.hostname(),
                    f.severity(),
                    f.message(),
                    f.runId(),
                    now);
            if (inserted == 1) {
              Alert a =
                  tx.query(
                          "SELECT "
                              + COLUMNS
                              + " FROM alerts WHERE rule = ? AND agent_id = ? AND subject = ?"
                              + " AND resolved_at IS NULL",
                          JdbcAlertStore::read,
                          f.rule(),
                          f.agentId(),
                          f.subject())
                      .get(0);
              raised.add(a);
              queue(tx, a.id(), channels, "raised", now);
            }
          }
          List<Alert> resolved = new ArrayList<>();
          for (AlertScope s : scopes) {
            StringBuilder sql =
                new StringBuilder(
                    "SELECT " + COLUMNS + " FROM alerts WHERE resolved_at IS NULL AND rule = ?");
            List<Object> args = new ArrayList<>(List.of(s.rule()));
            if (s.agentId() != null) {
              sql.append(" AND agent_id = ?");
              args.add(s.agentId());
            }
            for (Alert open : tx.query(sql.toString(), JdbcAlertStore::read, args.toArray())) {
              if (found.contains(key(open.rule(), open.agentId(), open.subject()))
                  || (s.subjects() != null && !s.subjects().contains(open.subject()))) {
                continue;
              }
              if (tx.update(
                      "UPDATE alerts SET resolved_at = ?, resolved_by_run = ? WHERE id = ?"
                          + " AND resolved_at IS NULL",
                      now,
                      runId,
                      open.id())
                  == 1) {
                resolved.add(
                    new Alert(
                        open.id(),
                        open.rule(),
                        open.agentId(),
                        open.subject(),
                        open.hostname(),
                        open.severity(),
                        open.message(),
                        open.runId(),
                        open.raisedAt(),
                        open.ackedAt(),
                        open.ackedBy(),
                        open.ackNote(),
                        now,
                        runId));
                if (notifyResolved) {
                  queue(tx, open.id(), channels, "resolved", now);
                }
              }
            }
          }
          return new Applied(true, List.copyOf(raised), List.copyOf(resolved));
        });
  }

  private static void queue(
      Jdbc.Tx tx, long alertId, List<String> channels, String event, Instant now)
      throws SQLException {
    for (String channel : channels) {
      tx.update(
          "INSERT INTO alert_deliveries (alert_id, channel, event, state, attempts, next_at,"
              + " created_at) VALUES (?, ?, ?, 'pending', 0, ?, ?)",
          alertId,
          channel,
          event,
          now,
          now);
    }
  }

  private static String key(String rule, String agentId, String subject) {
    return rule + '\u0000' + agentId + '\u0000' + subject;
  }

  @Override
  public List<Alert> list(AlertFilter f) {
    StringBuilder where = new StringBuilder(" WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (!f.states().isEmpty() && f.states().size() < Alert.State.values().length) {
      List<String> ors = new ArrayList<>();
      for (Alert.State s : f.states()) {
        ors.add(
            switch (s) {
              case OPEN -> "(resolved_at IS NULL AND acked_at IS NULL)";
              case ACKED -> "(resolved_at IS NULL AND acked_at IS NOT NULL)";
              case RESOLVED -> "resolved_at IS NOT NULL";
            });
      }
      where.append(" AND (").append(String.join(" OR ", ors)).append(')');
    }
    if (f.agentId() != null) {
      where.append(" AND agent_id = ?");
      args.add(f.agentId());
    }
    if (f.rule() != null) {
      where.append(" AND rule = ?");
      args.add(f.rule());
    }
    if (f.since() != null) {
      where.append(" AND raised_at >= ?");
      args.add(f.since());
    }
    if (f.beforeId() > 0) {
      where.append(" AND id < ?");
      args.add(f.beforeId());
    }
    args.add(f.limit());
    return readAll(
        "SELECT " + COLUMNS + " FROM alerts" + where + " ORDER BY id DESC LIMIT ?", args.toArray());
  }

  @Override
  public Optional<Alert> find(long id) {
    List<Alert> found = readAll("SELECT " + COLUMNS + " FROM alerts WHERE id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public int openCount() {
    return jdbc.one("SELECT COUNT(*) FROM alerts WHERE resolved_at IS NULL", rs -> rs.getInt(1))
        .orElse(0);
  }

  @Override
  public Optional<Alert> acknowledge(long id, String by, String note, Instant at) {
    jdbc.update(
        "UPDATE alerts SET acked_at = ?, acked_by = ?, ack_note = ? WHERE id = ?"
            + " AND acked_at IS NULL AND resolved_at IS NULL",
        at,
        by,
        note,
        id);
    return find(id);
  }

  @Override
  public List<String> unevaluated(Instant since, int limit) {
    return jdbc.query(
        "SELECT run_id FROM runs WHERE state = 'finished' AND finished_at >= ? AND NOT EXISTS"
            + " (SELECT 1 FROM alert_evaluated e WHERE e.run_id = runs.run_id)"
            + " ORDER BY finished_at LIMIT ?",
        rs -> rs.getString(1),
        since,
        limit);
  }

  @Override
  public int pruneResolved(Instant before, int limit) {
    return jdbc.inTransaction(
        tx -> {
          List<Long> ids =
              tx.query(
                  "SELECT id FROM alerts WHERE resolved_at IS NOT NULL AND resolved_at < ?"
                      + " ORDER BY id LIMIT ?",
                  rs -> rs.getLong(1),
                  before,
                  limit);
          for (long id : ids) {
            tx.update("DELETE FROM alert_deliveries WHERE alert_id = ?", id);
            tx.update("DELETE FROM alerts WHERE id = ?", id);
          }
          return ids.size();
        });
  }

  @Override
  public int pruneEvaluated(Instant before) {
    return jdbc.update("DELETE FROM alert_evaluated WHERE evaluated_at < ?", before);
  }

  @Override
  public List<AlertDelivery> due(String channel, Instant now, int limit) {
    return jdbc.query(
        "SELECT id, alert_id, channel, event, attempts, next_at FROM alert_deliveries"
            + " WHERE state = 'pending' AND channel = ? AND next_at <= ? ORDER BY next_at, id"
            + " LIMIT ?",
        rs ->
            new AlertDelivery(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                Jdbc.instant(rs, "next_at")),
        channel,
        now,
        limit);
  }

  @Override
  public boolean claim(AlertDelivery d, Instant leaseUntil) {
    return jdbc.update(
            "UPDATE alert_deliveries SET next_at = ? WHERE id = ? AND state = 'pending'"
                + " AND next_at = ?",
            leaseUntil,
            d.id(),
            d.nextAt())
        == 1;
  }

  @Override
  public void delivered(long deliveryId) {
    jdbc.update(
        "UPDATE alert_deliveries SET state = 'sent', attempts = attempts + 1, last_error = NULL"
            + " WHERE id = ?",
        deliveryId);
  }

  @Override
  public void failedAttempt(long deliveryId, int attempts, Instant nextAt, String error) {
    String e = error == null ? "" : error;
    e = e.length() <= MAX_ERROR ? e : e.substring(0, MAX_ERROR);
    if (nextAt == null) {
      jdbc.update(
          "UPDATE alert_deliveries SET state = 'failed', attempts = ?, last_error = ? WHERE id = ?",
          attempts,
          e,
          deliveryId);
    } else {
      jdbc.update(
          "UPDATE alert_deliveries SET attempts = ?, next_at = ?, last_error = ? WHERE id = ?",
          attempts,
          nextAt,
          e,
          deliveryId);
    }
  }

  @Override
  public List<String> deliveryStates(long alertId) {
    return jdbc.query(
        "SELECT channel, event, state, attempts FROM alert_deliveries WHERE alert_id = ? ORDER BY id",
        rs ->
            rs.getString(1)
                + "/"
                + rs.getString(2)
                + "="
                + rs.getString(3)
                + "("
                + rs.getInt(4)
                + ")",
        alertId);
  }

  /** Rows that do not read are left out (and logged), never thrown: one bad row stops nothing. */
  private List<Alert> readAll(String sql, Object... args) {
    List<Alert> out = new ArrayList<>();
    for (Alert a :
        jdbc.query(
            sql,
            rs -> {
              try {
                return read(rs);
              } catch (RuntimeException | SQLException e) {
                log.warn("an alert row does not read; left out: {}", e.toString());
                return null;
              }
            },
            args)) {
      if (a != null) {
        out.add(a);
      }
    }
    return out;
  }

  private static Alert read(ResultSet rs) throws SQLException {
    return new Alert(
        rs.getLong("id"),
        rs.getString("rule"),
        rs.getString("agent_id"),
        rs.getString("subject"),
        rs.getString("hostname"),
        rs.getString("severity"),
        rs.getString("message"),
        rs.getString("run_id"),
        Jdbc.instant(rs, "raised_at"),
        Jdbc.instant(rs, "acked_at"),
        rs.getString("acked_by"),
        rs.getString("ack_note"),
        Jdbc.instant(rs, "resolved_at"),
        rs.getString("resolved_by_run"));
  }
}
