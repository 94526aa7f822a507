package io.autoservice.controller.model;

import io.autoservice.common.event.RunEvent;
import java.time.Instant;

/**
 * An event read back from the store: decoded, or, when its stored bytes do not decode, {@code
 * event} null and {@code problem} saying why, so one bad row never stops a read.
 */
public record StoredEvent(String runId, long seq, Instant time, RunEvent event, String problem) {
  public boolean readable() {
    return event != null;
  }
}
