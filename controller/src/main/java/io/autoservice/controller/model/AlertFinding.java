package io.autoservice.controller.model;

import static java.util.Objects.requireNonNull;

/**
 * What a rule found: the alert it raises unless one is open already for the same rule, PC and
 * subject.
 *
 * @param subject the drive, volume or task the finding is about; empty when the rule has none
 * @param severity {@code critical} or {@code warning}
 * @param runId the run that showed it; null for a fleet rule
 */
public record AlertFinding(
    String rule,
    String agentId,
    String subject,
    String hostname,
    String severity,
    String message,
    String runId) {
  /** Longest subject and message kept: they are built from an agent's (hostile) report. */
  public static final int MAX_SUBJECT = 200;

  public static final int MAX_MESSAGE = 1_000;

  public AlertFinding {
    requireNonNull(rule, "rule");
    requireNonNull(agentId, "agentId");
    requireNonNull(severity, "severity");
    subject = cap(subject == null ? "" : subject, MAX_SUBJECT);
    message = cap(message == null ? "" : message, MAX_MESSAGE);
    hostname = hostname == null ? null : cap(hostname, MAX_SUBJECT);
  }

  private static String cap(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
