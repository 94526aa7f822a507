package io.autoservice.controller.alerts;

import java.time.Instant;
import java.util.List;

/**
 * Scheduled occurrences that did not run (the PC was offline past the catch-up limit, say), as the
 * schedules record them. The alerts only read this; {@link #NONE} when there is no schedule store.
 */
public interface MissedSchedules {
  /**
   * One missed occurrence.
   *
   * @param occurrence when the schedule fired
   * @param recordedAt when it was recorded missed: the order {@link #since} reads in
   */
  record Missed(
      String scheduleName, String agentId, Instant occurrence, Instant recordedAt, String reason) {}

  /** Up to {@code limit} occurrences recorded as missed at or after {@code t}, oldest first. */
  List<Missed> since(Instant t, int limit);

  MissedSchedules NONE = (t, limit) -> List.of();
}
