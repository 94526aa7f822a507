package io.autoservice.common.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One thing that happened in a run, in the order it happened. The same events feed every sink: the
 * classic stderr printer, the gRPC stream, the journal and the console.
 *
 * @param runId the run
 * @param sequence position in the run, from 1, without gaps
 * @param time when it happened
 * @param payload what happened
 */
public record RunEvent(String runId, long sequence, Instant time, EventPayload payload) {
  public RunEvent {
    requireNonNull(runId, "runId");
    requireNonNull(time, "time");
    requireNonNull(payload, "payload");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence: " + sequence + " (expected: >= 1)");
    }
  }
}
