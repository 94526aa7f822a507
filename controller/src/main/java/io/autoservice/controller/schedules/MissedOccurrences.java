package io.autoservice.controller.schedules;

import java.time.Instant;
import java.util.List;

/**
 * Scheduled runs that did not happen, for alerting ("schedule missed"): one row per (occurrence,
 * PC) recorded missed, with why.
 */
public interface MissedOccurrences {
  /** Missed deliveries recorded at or after {@code t}, oldest first, at most {@code limit}. */
  List<Missed> since(Instant t, int limit);

  /**
   * @param occurrence the time the schedule fired
   * @param recordedAt when it was recorded missed
   */
  record Missed(
      String scheduleId,
      String scheduleName,
      String agentId,
      Instant occurrence,
      Instant recordedAt,
      String reason) {}
}
