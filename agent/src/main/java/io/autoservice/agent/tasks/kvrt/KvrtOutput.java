package io.autoservice.agent.tasks.kvrt;

import java.util.List;

/**
 * What KVRT's console output said. Totals are null when KVRT did not print them.
 *
 * @param processed objects scanned ({@code Processed:}, the last value printed)
 * @param processingErrors {@code Processing errors:}
 * @param detected {@code Detected:}
 * @param passwordProtected {@code Password protected:}
 * @param corrupted {@code Corrupted:}
 * @param detections each threat once (same threat on the same object = one detection), in the order
 *     first seen, with the last action chosen for it
 */
public record KvrtOutput(
    Long processed,
    Long processingErrors,
    Long detected,
    Long passwordProtected,
    Long corrupted,
    List<KvrtDetection> detections) {

  public KvrtOutput {
    detections = List.copyOf(detections);
  }

  /** Whether any of the five totals was printed. */
  public boolean totalsFound() {
    return processed != null
        || processingErrors != null
        || detected != null
        || passwordProtected != null
        || corrupted != null;
  }

  /** Detections whose action removed, disinfected or quarantined the threat. */
  public int removedCount() {
    return (int) detections.stream().filter(KvrtDetection::removed).count();
  }

  /** Detections KVRT was told to skip. */
  public int skippedCount() {
    return (int) detections.stream().filter(KvrtDetection::skipped).count();
  }

  /**
   * Threats found: the {@code Detected:} total, or the detection lines seen if that is larger or
   * absent.
   */
  public long threatsFound() {
    long listed = detections.size();
    return detected == null ? listed : Math.max(detected, listed);
  }
}
