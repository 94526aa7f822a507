package io.autoservice.controller.alerts;

import java.time.Instant;
import java.util.List;

/**
 * Scheduled occurrences that did not run (the PC was offline past the catch-up limit, say), as the
 * schedules raise them. The alerts only read this; {@link #NONE} until schedules are wired in.
 */
public interface MissedSchedules {
  /** One missed occurrence. */
  record Missed(String scheduleName, String agentId, Instant occurrence, String reason) {}

  /** Up to {@code limit} occurrences recorded as missed at or after {@code t}, oldest first. */
  List<Missed> since(Instant t, int limit);

  MissedSchedules NONE = (t, limit) -> List.of();
}
