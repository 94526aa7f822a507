package io.autoservice.controller.crash;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the controller acknowledged to anyone, as its clients saw it, and the check that the
 * store holds all of it: events up to each acked sequence, every dispatched run, every cancel, and
 * every run whose RunFinished was acked, finished.
 */
final class AckLedger {
  final Map<String, Long> eventAcks = new ConcurrentHashMap<>();
  final Set<String> dispatched = ConcurrentHashMap.newKeySet();
  final Set<String> cancelled = ConcurrentHashMap.newKeySet();

  void eventAcked(String runId, long seq) {
    eventAcks.merge(runId, seq, Math::max);
  }

  long events() {
    return eventAcks.values().stream().mapToLong(Long::longValue).sum();
  }

  long finishedRuns() {
    return eventAcks.values().stream().filter(s -> s >= CrashAgent.EVENTS_PER_RUN).count();
  }

  /** What the store in {@code data} lacks of what was acked; empty when nothing was lost. */
  List<String> missingFrom(Path data) throws Exception {
    List<String> missing = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + data.resolve("controller.db"));
        PreparedStatement events =
            c.prepareStatement("SELECT COUNT(*) FROM run_events WHERE run_id = ? AND seq <= ?");
        PreparedStatement run =
            c.prepareStatement("SELECT state, status, cancel_reason FROM runs WHERE run_id = ?")) {
      for (Map.Entry<String, Long> e : Map.copyOf(eventAcks).entrySet()) {
        events.setString(1, e.getKey());
        events.setLong(2, e.getValue());
        long held = count(events);
        if (held != e.getValue()) {
          missing.add(
              "run "
                  + e.getKey()
                  + ": acked events 1.."
                  + e.getValue()
                  + " but "
                  + held
                  + " stored");
        }
        if (e.getValue() >= CrashAgent.EVENTS_PER_RUN
            && !"finished".equals(column(run, e.getKey(), 1))) {
          missing.add(
              "run "
                  + e.getKey()
                  + ": its RunFinished was acked but the run is "
                  + column(run, e.getKey(), 1));
        }
      }
      for (String id : Set.copyOf(dispatched)) {
        if (column(run, id, 1) == null) {
          missing.add("run " + id + ": dispatch acked but no run stored");
        }
      }
      for (String id : Set.copyOf(cancelled)) {
        if (column(run, id, 3) == null && !"cancelled".equals(column(run, id, 2))) {
          missing.add("run " + id + ": cancel acked but not stored");
        }
      }
    }
    return missing;
  }

  private static long count(PreparedStatement ps) throws Exception {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String column(PreparedStatement ps, String runId, int column) throws Exception {
    ps.setString(1, runId);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(column) : null;
    }
  }
}
