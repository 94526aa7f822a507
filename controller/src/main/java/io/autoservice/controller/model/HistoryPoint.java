package io.autoservice.controller.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One figure of a PC's history, read from one finished run's report: e.g. metric {@code
 * smart.reallocated_sectors}, subject {@code /dev/sda}, value 8 at the run's finish time.
 *
 * @param agentId the PC
 * @param runId the run whose report it was read from
 * @param metric what was measured (dot-case, e.g. {@code volume.used_percent})
 * @param subject what it was measured on (a drive, a volume, a host); {@code ""} for the PC itself
 * @param at the run's finish time
 * @param value the figure, in the metric's unit (verdicts: 0 fine, 1 warning, 2 error)
 * @param text a short word or sentence beside it (a verdict's wording), or null
 */
public record HistoryPoint(
    String agentId,
    String runId,
    String metric,
    String subject,
    Instant at,
    double value,
    String text) {
  public HistoryPoint {
    requireNonNull(agentId, "agentId");
    requireNonNull(runId, "runId");
    requireNonNull(metric, "metric");
    requireNonNull(subject, "subject");
    requireNonNull(at, "at");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value: " + value + " (expected: a finite number)");
    }
  }
}
