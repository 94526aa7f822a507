package io.autoservice.controller.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.StoredEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Run events over JDBC, kept as the protobuf bytes the agent sent. This is the only class that
 * decodes them: readers get domain events, or a {@link StoredEvent} that says why one did not read.
 */
final class JdbcEventStore implements EventStore {
  static final String APPEND =
      "INSERT INTO run_events (run_id, seq, event_time, body) VALUES (?,?,?,?) ON CONFLICT (run_id, seq) DO NOTHING";

  private final Jdbc jdbc;

  JdbcEventStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void append(List<EventRow> rows) {
    jdbc.inTransaction(
        tx -> {
          tx.batch(APPEND, rows.stream().map(JdbcEventStore::args).toList());
          return null;
        });
  }

  static Object[] args(EventRow e) {
    return new Object[] {e.runId(), e.seq(), e.time(), e.body()};
  }

  @Override
  public java.util.Map<String, Long> maxSeqs(java.util.Collection<String> runIds) {
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    List<String> ids = List.copyOf(runIds);
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + 500));
      jdbc.query(
          "SELECT run_id, MAX(seq) FROM run_events WHERE run_id IN ("
              + String.join(",", java.util.Collections.nCopies(part.size(), "?"))
              + ") GROUP BY run_id",
          rs -> out.put(rs.getString(1), rs.getLong(2)),
          part.toArray());
    }
    return out;
  }

  @Override
  public long maxSeq(String runId) {
    return jdbc.one(
            "SELECT COALESCE(MAX(seq), 0) FROM run_events WHERE run_id = ?",
            rs -> rs.getLong(1),
            runId)
        .orElse(0L);
  }

  @Override
  public List<StoredEvent> events(String runId, long afterSeq, int limit) {
    return jdbc.query(
        "SELECT seq, event_time, body FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        rs -> decode(runId, rs),
        runId,
        afterSeq,
        limit);
  }

  private static StoredEvent decode(String runId, ResultSet rs) throws SQLException {
    long seq = rs.getLong(1);
    Instant time = Jdbc.instant(rs, "event_time");
    try {
      RunEvent e = WireMapper.fromProto(io.autoservice.proto.v1.RunEvent.parseFrom(rs.getBytes(3)));
      return new StoredEvent(runId, seq, time, e, null);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return new StoredEvent(runId, seq, time, null, "stored event unreadable: " + e.getMessage());
    }
  }
}
