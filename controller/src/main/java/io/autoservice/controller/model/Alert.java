package io.autoservice.controller.model;

import java.time.Instant;
import java.util.Locale;

/**
 * An alert as stored: one rule's finding about one PC (and a subject on it, such as a drive or a
 * volume; empty when the rule has none), open until it resolves; a technician may acknowledge it
 * meanwhile.
 *
 * @param runId the run whose report raised it; null for a fleet rule
 * @param resolvedByRun the run that no longer showed it; null when a fleet condition ended
 */
public record Alert(
    long id,
    String rule,
    String agentId,
    String subject,
    String hostname,
    String severity,
    String message,
    String runId,
    Instant raisedAt,
    Instant ackedAt,
    String ackedBy,
    String ackNote,
    Instant resolvedAt,
    String resolvedByRun) {

  /** Where an alert stands; a resolved alert is resolved whether or not it was acknowledged. */
  public enum State {
    OPEN,
    ACKED,
    RESOLVED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public State state() {
    if (resolvedAt != null) {
      return State.RESOLVED;
    }
    return ackedAt != null ? State.ACKED : State.OPEN;
  }
}
