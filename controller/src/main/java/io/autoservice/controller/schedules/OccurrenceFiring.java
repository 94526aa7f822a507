package io.autoservice.controller.schedules;

import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.DeliveryRecord;
import io.autoservice.controller.model.ScheduleRecord;
import io.autoservice.controller.store.ScheduleStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires a schedule's occurrences that came due: each one taken once in the store with one delivery
 * per target PC (starting at the occurrence plus the PC's {@link Jitter} offset), or, for an
 * occurrence already past its catch-up limit (the controller was down), with each PC's delivery
 * recorded missed.
 */
final class OccurrenceFiring {
  private static final Logger log = LoggerFactory.getLogger(OccurrenceFiring.class);

  /**
   * Occurrences that fell while the controller was down fired one by one at most; older ones are
   * summed up in one note.
   */
  static final int MAX_BACKLOG = 24;

  private final ScheduleStore store;
  private final ScheduleFleet fleet;

  OccurrenceFiring(ScheduleStore store, ScheduleFleet fleet) {
    this.store = store;
    this.fleet = fleet;
  }

  void fireDue(ScheduleRecord s, Instant now) {
    Recurrence r;
    try {
      r = Recurrence.of(s);
    } catch (RuntimeException e) {
      log.warn(
          "schedule {}: its recurrence does not read, not fired: {}", s.name(), e.getMessage());
      return;
    }
    java.util.ArrayDeque<Instant> due = new java.util.ArrayDeque<>();
    int skipped = 0;
    Instant first = null;
    for (Instant t = r.nextAfter(s.lastOccurrence());
        t != null && !t.isAfter(now);
        t = r.nextAfter(t)) {
      due.addLast(t);
      if (due.size() > MAX_BACKLOG) {
        Instant old = due.removeFirst();
        first = first == null ? old : first;
        skipped++;
      }
    }
    if (skipped > 0) {
      Instant last = due.peekFirst().minusNanos(1_000);
      String note =
          skipped
              + " occurrences from "
              + first
              + " on were not fired: the controller was not running";
      if (!store.fire(s.scheduleId(), last, true, now, List.of(), note)) {
        store.advance(s.scheduleId(), last);
      }
      log.warn("schedule {}: {}", s.name(), note);
    }
    for (Instant occurrence : due) {
      List<DeliveryRecord> d = deliveries(s, occurrence, now, true);
      if (store.fire(s.scheduleId(), occurrence, true, now, d, emptyNote(s))) {
        log.atInfo()
            .setMessage("schedule fired")
            .addKeyValue("schedule", s.name())
            .addKeyValue("occurrence", occurrence)
            .addKeyValue("agents", d.size())
            .log();
      } else {
        store.advance(s.scheduleId(), occurrence); // another controller fired it
      }
    }
  }

  List<DeliveryRecord> deliveries(
      ScheduleRecord s, Instant occurrence, Instant now, boolean scheduled) {
    boolean late = now.isAfter(occurrence.plus(s.catchUp()));
    List<DeliveryRecord> out = new java.util.ArrayList<>();
    for (String missing : unknownAgents(s)) {
      out.add(
          delivery(
              s,
              occurrence,
              missing,
              null,
              occurrence,
              DeliveryRecord.State.MISSED,
              "agent " + missing + " is not known to the controller",
              !scheduled,
              now));
    }
    for (AgentRecord a : targets(s)) {
      Instant start =
          scheduled ? occurrence.plus(Jitter.offset(s.scheduleId(), a.agentId(), s.jitter())) : now;
      out.add(
          late
              ? delivery(
                  s,
                  occurrence,
                  a.agentId(),
                  a.hostname(),
                  start,
                  DeliveryRecord.State.MISSED,
                  "the controller was not running at "
                      + occurrence
                      + " and the catch-up limit ("
                      + Durations.text(s.catchUp())
                      + ") passed before it started",
                  !scheduled,
                  now)
              : delivery(
                  s,
                  occurrence,
                  a.agentId(),
                  a.hostname(),
                  start,
                  DeliveryRecord.State.PENDING,
                  null,
                  !scheduled,
                  now));
    }
    return out;
  }

  private static DeliveryRecord delivery(
      ScheduleRecord s,
      Instant occurrence,
      String agentId,
      String hostname,
      Instant start,
      DeliveryRecord.State state,
      String reason,
      boolean ignoreWindows,
      Instant now) {
    return new DeliveryRecord(
        s.scheduleId(),
        occurrence,
        agentId,
        hostname,
        start,
        state,
        Jitter.runId(s.scheduleId(), occurrence, agentId),
        reason,
        null,
        now,
        ignoreWindows,
        ignoreWindows ? "run_now" : "scheduled");
  }

  private List<AgentRecord> targets(ScheduleRecord s) {
    return switch (s.target().kind()) {
      case AGENTS ->
          s.target().agentIds().stream().map(fleet::known).flatMap(Optional::stream).toList();
      case LABELS -> fleet.matching(s.target().labels());
      case ALL -> fleet.matching(Map.of());
    };
  }

  private List<String> unknownAgents(ScheduleRecord s) {
    return s.target().kind() != ScheduleRecord.Target.Kind.AGENTS
        ? List.of()
        : s.target().agentIds().stream().filter(id -> fleet.known(id).isEmpty()).toList();
  }

  static String emptyNote(ScheduleRecord s) {
    return switch (s.target().kind()) {
      case LABELS -> "no agent carries the labels " + new java.util.TreeMap<>(s.target().labels());
      default -> "no agents to run it on";
    };
  }
}
