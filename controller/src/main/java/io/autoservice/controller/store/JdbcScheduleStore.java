package io.autoservice.controller.store;

import io.autoservice.common.json.Json;
import io.autoservice.controller.model.DeliveryRecord;
import io.autoservice.controller.model.ScheduleRecord;
import io.autoservice.controller.model.WindowRecord;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link ScheduleStore} over JDBC (SQLite or PostgreSQL; the statements are shared). */
final class JdbcScheduleStore implements ScheduleStore {
  private static final String COLUMNS =
      "schedule_id, name, plan_json, target_kind, target_json, cron, time_zone, every,"
          + " deadline_seconds, catch_up_seconds, jitter_seconds, force_types, enabled, created_by,"
          + " created_at, last_occurrence_at";
  private static final String DELIVERY_COLUMNS =
      "d.schedule_id, d.occurrence_at, d.agent_id, d.hostname, d.start_at, d.state, d.run_id,"
          + " d.reason, d.claimed_at, d.updated_at, d.ignore_windows, o.kind";
  private static final String DELIVERY_FROM =
      " FROM schedule_deliveries d JOIN schedule_occurrences o ON o.schedule_id = d.schedule_id"
          + " AND o.occurrence_at = d.occurrence_at";
  private static final String KEY = " WHERE schedule_id = ? AND occurrence_at = ? AND agent_id = ?";

  private final Jdbc jdbc;

  JdbcScheduleStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean create(ScheduleRecord s) {
    return jdbc.inTransaction(
        tx ->
            tx.update(
                    "INSERT INTO schedules ("
                        + COLUMNS
                        + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                    s.scheduleId(),
                    s.name(),
                    Json.compact(s.plan().toJson()),
                    s.target().kind().name().toLowerCase(java.util.Locale.ROOT),
                    ScheduleRowReader.targetJson(s.target()),
                    s.cron(),
                    s.timeZone(),
                    s.every(),
                    s.deadline().toSeconds(),
                    s.catchUp().toSeconds(),
                    s.jitter().toSeconds(),
                    s.force() ? 1 : 0,
                    s.enabled() ? 1 : 0,
                    s.createdBy(),
                    s.createdAt(),
                    s.lastOccurrence())
                == 1);
  }

  @Override
  public List<ScheduleRecord> list() {
    return jdbc
        .query("SELECT " + COLUMNS + " FROM schedules ORDER BY name", ScheduleRowReader::schedule)
        .stream()
        .filter(Objects::nonNull)
        .toList();
  }

  @Override
  public Optional<ScheduleRecord> byName(String name) {
    return jdbc.one(
        "SELECT " + COLUMNS + " FROM schedules WHERE name = ?", ScheduleRowReader::schedule, name);
  }

  @Override
  public boolean setEnabled(String scheduleId, boolean enabled, Instant now) {
    return jdbc.inTransaction(
        tx -> {
          int n =
              tx.update(
                  "UPDATE schedules SET enabled = ? WHERE schedule_id = ?",
                  enabled ? 1 : 0,
                  scheduleId);
          if (enabled) {
            tx.update(
                "UPDATE schedules SET last_occurrence_at = ? WHERE schedule_id = ?"
                    + " AND last_occurrence_at < ?",
                now,
                scheduleId,
                now);
          }
          return n == 1;
        });
  }

  @Override
  public boolean delete(String scheduleId) {
    return jdbc.inTransaction(
        tx -> {
          tx.update("DELETE FROM schedule_deliveries WHERE schedule_id = ?", scheduleId);
          tx.update("DELETE FROM schedule_occurrences WHERE schedule_id = ?", scheduleId);
          return tx.update("DELETE FROM schedules WHERE schedule_id = ?", scheduleId) == 1;
        });
  }

  @Override
  public boolean fire(
      String scheduleId,
      Instant occurrence,
      boolean scheduled,
      Instant now,
      List<DeliveryRecord> deliveries,
      String note) {
    return jdbc.inTransaction(
        tx -> {
          List<Integer> enabled =
              tx.query(
                  "SELECT enabled FROM schedules WHERE schedule_id = ?",
                  rs -> rs.getInt(1),
                  scheduleId);
          if (enabled.isEmpty() || (scheduled && enabled.get(0) != 1)) {
            return false;
          }
          int taken =
              tx.update(
                  "INSERT INTO schedule_occurrences (schedule_id, occurrence_at, kind, created_at,"
                      + " note) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING",
                  scheduleId,
                  occurrence,
                  scheduled ? "scheduled" : "run_now",
                  now,
                  deliveries.isEmpty() ? note : null);
          if (taken != 1) {
            return false;
          }
          tx.batch(
              "INSERT INTO schedule_deliveries (schedule_id, occurrence_at, agent_id, hostname,"
                  + " start_at, state, run_id, reason, claimed_at, updated_at, ignore_windows)"
                  + " VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
              deliveries.stream()
                  .map(
                      d ->
                          new Object[] {
                            scheduleId,
                            occurrence,
                            d.agentId(),
                            d.hostname(),
                            d.startAt(),
                            d.state().wireName(),
                            d.runId(),
                            d.reason(),
                            null,
                            now,
                            d.ignoreWindows() ? 1 : 0
                          })
                  .toList());
          if (scheduled) {
            advance(tx, scheduleId, occurrence);
          }
          return true;
        });
  }

  @Override
  public void advance(String scheduleId, Instant occurrence) {
    jdbc.inTransaction(tx -> advance(tx, scheduleId, occurrence));
  }

  private static int advance(Jdbc.Tx tx, String scheduleId, Instant occurrence)
      throws SQLException {
    return tx.update(
        "UPDATE schedules SET last_occurrence_at = ? WHERE schedule_id = ?"
            + " AND last_occurrence_at < ?",
        occurrence,
        scheduleId,
        occurrence);
  }

  @Override
  public List<DeliveryRecord> due(
      Instant now, Instant staleClaimBefore, DeliveryRecord after, int limit) {
    String page =
        after == null
            ? ""
            : " AND (d.start_at, d.schedule_id, d.occurrence_at, d.agent_id) > (?, ?, ?, ?)";
    List<Object> args = new ArrayList<>(List.of(now, staleClaimBefore));
    if (after != null) {
      args.addAll(
          List.of(after.startAt(), after.scheduleId(), after.occurrence(), after.agentId()));
    }
    args.add(limit);
    return jdbc
        .query(
            "SELECT "
                + DELIVERY_COLUMNS
                + DELIVERY_FROM
                + " WHERE ((d.state = 'pending' AND d.start_at <= ?)"
                + " OR (d.state = 'dispatching' AND d.claimed_at < ?))"
                + page
                + " ORDER BY d.start_at, d.schedule_id, d.occurrence_at, d.agent_id LIMIT ?",
            ScheduleRowReader::delivery,
            args.toArray())
        .stream()
        .filter(Objects::nonNull)
        .toList();
  }

  @Override
  public boolean claim(DeliveryRecord seen, Instant now) {
    Object[] key = key(seen);
    return seen.state() == DeliveryRecord.State.PENDING
        ? jdbc.update(
                "UPDATE schedule_deliveries SET state = 'dispatching', claimed_at = ?,"
                    + " updated_at = ?"
                    + KEY
                    + " AND state = 'pending'",
                now,
                now,
                key[0],
                key[1],
                key[2])
            == 1
        : jdbc.update(
                "UPDATE schedule_deliveries SET claimed_at = ?, updated_at = ?"
                    + KEY
                    + " AND state = 'dispatching' AND claimed_at = ?",
                now,
                now,
                key[0],
                key[1],
                key[2],
                seen.claimedAt())
            == 1;
  }

  @Override
  public void dispatched(DeliveryRecord d, Instant now) {
    Object[] key = key(d);
    jdbc.update(
        "UPDATE schedule_deliveries SET state = 'dispatched', reason = NULL, updated_at = ?"
            + KEY
            + " AND state = 'dispatching'",
        now,
        key[0],
        key[1],
        key[2]);
  }

  @Override
  public void waiting(List<Waiting> rows, Instant now) {
    List<Object[]> changed = new ArrayList<>();
    for (Waiting w : rows) {
      DeliveryRecord d = w.delivery();
      if (!w.reason().equals(d.reason())) {
        changed.add(new Object[] {w.reason(), now, d.scheduleId(), d.occurrence(), d.agentId()});
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    jdbc.inTransaction(
        tx -> {
          tx.batch(
              "UPDATE schedule_deliveries SET reason = ?, updated_at = ?"
                  + KEY
                  + " AND state = 'pending'",
              changed);
          return null;
        });
  }

  @Override
  public boolean missed(DeliveryRecord d, String reason, Instant now) {
    Object[] key = key(d);
    return jdbc.update(
            "UPDATE schedule_deliveries SET state = 'missed', reason = ?, updated_at = ?"
                + KEY
                + " AND state = 'pending'",
            reason,
            now,
            key[0],
            key[1],
            key[2])
        == 1;
  }

  @Override
  public List<DeliveryRecord> deliveries(String scheduleId, int limit) {
    return jdbc
        .query(
            "SELECT "
                + DELIVERY_COLUMNS
                + DELIVERY_FROM
                + " WHERE d.schedule_id = ? ORDER BY d.occurrence_at DESC, d.hostname, d.agent_id"
                + " LIMIT ?",
            ScheduleRowReader::delivery,
            scheduleId,
            limit)
        .stream()
        .filter(Objects::nonNull)
        .toList();
  }

  @Override
  public List<EmptyOccurrence> emptyOccurrences(String scheduleId, int limit) {
    return jdbc.query(
        "SELECT occurrence_at, note FROM schedule_occurrences WHERE schedule_id = ?"
            + " AND note IS NOT NULL ORDER BY occurrence_at DESC LIMIT ?",
        rs -> new EmptyOccurrence(Jdbc.instant(rs, "occurrence_at"), rs.getString("note")),
        scheduleId,
        limit);
  }

  @Override
  public List<MissedRow> missedSince(Instant since, int limit) {
    return jdbc
        .query(
            "SELECT "
                + DELIVERY_COLUMNS
                + ", s.name"
                + DELIVERY_FROM
                + " JOIN schedules s ON s.schedule_id = d.schedule_id"
                + " WHERE d.state = 'missed' AND d.updated_at >= ? ORDER BY d.updated_at LIMIT ?",
            rs -> {
              DeliveryRecord d = ScheduleRowReader.delivery(rs);
              return d == null ? null : new MissedRow(d, rs.getString("name"));
            },
            since,
            limit)
        .stream()
        .filter(Objects::nonNull)
        .toList();
  }

  @Override
  public int pruneOccurrences(Instant before, int limit) {
    return jdbc.inTransaction(
        tx -> {
          List<Object[]> keys =
              tx.query(
                  "SELECT o.schedule_id, o.occurrence_at FROM schedule_occurrences o"
                      + " WHERE o.occurrence_at < ? AND NOT EXISTS (SELECT 1 FROM"
                      + " schedule_deliveries d WHERE d.schedule_id = o.schedule_id"
                      + " AND d.occurrence_at = o.occurrence_at"
                      + " AND d.state IN ('pending', 'dispatching'))"
                      + " ORDER BY o.occurrence_at LIMIT ?",
                  rs -> new Object[] {rs.getString(1), rs.getLong(2)},
                  before,
                  limit);
          for (Object[] k : keys) {
            tx.update(
                "DELETE FROM schedule_deliveries WHERE schedule_id = ? AND occurrence_at = ?",
                k[0],
                k[1]);
            tx.update(
                "DELETE FROM schedule_occurrences WHERE schedule_id = ? AND occurrence_at = ?",
                k[0],
                k[1]);
          }
          return keys.size();
        });
  }

  @Override
  public void setWindow(WindowRecord w) {
    jdbc.update(
        "INSERT INTO maintenance_windows (label_key, label_value, days, from_minute, to_minute,"
            + " time_zone, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?)"
            + " ON CONFLICT (label_key, label_value) DO UPDATE SET days = excluded.days,"
            + " from_minute = excluded.from_minute, to_minute = excluded.to_minute,"
            + " time_zone = excluded.time_zone, updated_by = excluded.updated_by,"
            + " updated_at = excluded.updated_at",
        w.labelKey(),
        w.labelValue(),
        ScheduleRowReader.days(w.days()),
        w.from().getHour() * 60 + w.from().getMinute(),
        w.to().getHour() * 60 + w.to().getMinute(),
        w.zone().getId(),
        w.updatedBy(),
        w.updatedAt());
  }

  @Override
  public List<WindowRecord> windows() {
    return jdbc
        .query(
            "SELECT label_key, label_value, days, from_minute, to_minute, time_zone, updated_by,"
                + " updated_at FROM maintenance_windows ORDER BY label_key, label_value",
            ScheduleRowReader::window)
        .stream()
        .filter(Objects::nonNull)
        .toList();
  }

  @Override
  public boolean deleteWindow(String labelKey, String labelValue) {
    return jdbc.update(
            "DELETE FROM maintenance_windows WHERE label_key = ? AND label_value = ?",
            labelKey,
            labelValue)
        == 1;
  }

  private static Object[] key(DeliveryRecord d) {
    return new Object[] {d.scheduleId(), d.occurrence(), d.agentId()};
  }
}
