package io.autoservice.controller.store;

import io.autoservice.controller.model.DeliveryRecord;
import io.autoservice.controller.model.ScheduleRecord;
import io.autoservice.controller.model.WindowRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Schedules, their occurrences, each PC's delivery of an occurrence, and maintenance windows. The
 * exactly-once rules live here, in the database both replicas share: an occurrence is inserted once
 * (its primary key), and a delivery is claimed by one conditional UPDATE. A row that does not read
 * is left out of a listing and logged, never fails one.
 */
public interface ScheduleStore {
  /** Inserts a schedule; false when its name is taken. */
  boolean create(ScheduleRecord s);

  /** Every readable schedule, by name. */
  List<ScheduleRecord> list();

  Optional<ScheduleRecord> byName(String name);

  /**
   * Pauses or resumes. Resuming moves the last occurrence up to {@code now} so occurrences that
   * fell while paused never fire. False when there is no such schedule.
   */
  boolean setEnabled(String scheduleId, boolean enabled, Instant now);

  /** Deletes the schedule with its occurrences and deliveries; false when there was none. */
  boolean delete(String scheduleId);

  /**
   * Takes an occurrence and its PCs' deliveries in one transaction, and (for a scheduled one)
   * advances the schedule's last occurrence. False, and nothing written, when another controller or
   * attempt took that occurrence already, or the schedule is gone (or paused, for a scheduled one):
   * the caller then only moves on.
   *
   * @param note why no PC got it, when {@code deliveries} is empty
   */
  boolean fire(
      String scheduleId,
      Instant occurrence,
      boolean scheduled,
      Instant now,
      List<DeliveryRecord> deliveries,
      String note);

  /**
   * Moves a schedule's last occurrence up to {@code occurrence} when it is behind (another replica
   * fired it).
   */
  void advance(String scheduleId, Instant occurrence);

  /**
   * Deliveries to look at now: waiting ones whose start has come, and claims older than {@code
   * staleClaimBefore} (a controller that stopped between claiming and confirming), oldest first.
   */
  default List<DeliveryRecord> due(Instant now, Instant staleClaimBefore, int limit) {
    return due(now, staleClaimBefore, null, limit);
  }

  /**
   * As above, the page after {@code after} (null: the first), in (start, schedule, occurrence,
   * agent) order, so a tick pages past PCs that keep waiting instead of rereading them.
   */
  List<DeliveryRecord> due(Instant now, Instant staleClaimBefore, DeliveryRecord after, int limit);

  /**
   * Claims a delivery for dispatch: pending, or a stale claim as {@code seen} read it. True for
   * exactly one caller.
   */
  boolean claim(DeliveryRecord seen, Instant now);

  /** A claimed delivery's run is stored. */
  void dispatched(DeliveryRecord d, Instant now);

  /** What a pending delivery waits for. */
  record Waiting(DeliveryRecord delivery, String reason) {}

  /**
   * Records what pending deliveries wait for, in one transaction; rows whose reason did not change
   * are not written.
   */
  void waiting(List<Waiting> rows, Instant now);

  /** A pending delivery will not run: recorded with why. True when this call recorded it. */
  boolean missed(DeliveryRecord d, String reason, Instant now);

  /** A schedule's deliveries, newest occurrence first, then by hostname. */
  List<DeliveryRecord> deliveries(String scheduleId, int limit);

  /** Occurrences that reached no PC. */
  record EmptyOccurrence(Instant occurrence, String note) {}

  List<EmptyOccurrence> emptyOccurrences(String scheduleId, int limit);

  /** A missed delivery, with its schedule's name. */
  record MissedRow(DeliveryRecord delivery, String scheduleName) {}

  /** Deliveries recorded missed at or after {@code since}, oldest first. */
  List<MissedRow> missedSince(Instant since, int limit);

  /**
   * Deletes up to {@code limit} occurrences that fired before {@code before} and have no delivery
   * still to start (pending or being dispatched), with their per-PC deliveries; how many
   * occurrences. The runs they started stay.
   */
  int pruneOccurrences(Instant before, int limit);

  /** Sets (replaces) the window of its label. */
  void setWindow(WindowRecord w);

  List<WindowRecord> windows();

  boolean deleteWindow(String labelKey, String labelValue);
}
