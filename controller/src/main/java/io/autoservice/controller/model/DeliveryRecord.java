package io.autoservice.controller.model;

import java.time.Instant;

/**
 * One PC's part of one schedule occurrence: waiting for its start (jitter), its window or the PC;
 * being dispatched; dispatched as {@code runId}; or missed, with the reason.
 */
public record DeliveryRecord(
    String scheduleId,
    Instant occurrence,
    String agentId,
    String hostname,
    Instant startAt,
    State state,
    String runId,
    String reason,
    Instant claimedAt,
    Instant updatedAt,
    boolean ignoreWindows,
    String kind) {

  /** The stored states; {@code DISPATCHING} is claimed by one controller, run not yet confirmed. */
  public enum State {
    PENDING,
    DISPATCHING,
    DISPATCHED,
    MISSED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static State fromWireName(String s) {
      return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
