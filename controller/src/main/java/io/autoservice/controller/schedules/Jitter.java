package io.autoservice.controller.schedules;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * Each PC's start offset within a schedule's jitter: derived from (schedule id, agent id) by
 * SHA-256, so every controller replica and every restart computes the same start for a PC, and the
 * offsets of many PCs spread evenly over [0, jitter) (a schedule over 5,000 PCs does not start
 * 5,000 runs in the same second).
 */
public final class Jitter {
  private Jitter() {}

  public static Duration offset(String scheduleId, String agentId, Duration jitter) {
    long span = jitter.toMillis();
    if (span <= 0) {
      return Duration.ZERO;
    }
    byte[] h = sha256(scheduleId + "\n" + agentId);
    long v = ByteBuffer.wrap(h, 0, 8).getLong() >>> 1; // non-negative
    return Duration.ofMillis(v % span);
  }

  /**
   * The run id of a PC's delivery of an occurrence: the same on every attempt, so a run is created
   * once even when a claim is retried after a crash (the runs table keeps the first insert).
   */
  public static String runId(String scheduleId, java.time.Instant occurrence, String agentId) {
    return java.util
        .UUID
        .nameUUIDFromBytes(
            ("schedule\n" + scheduleId + "\n" + occurrence + "\n" + agentId)
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
