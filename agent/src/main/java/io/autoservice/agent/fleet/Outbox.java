package io.autoservice.agent.fleet;

import io.autoservice.proto.v1.RunEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * The send side of the {@link RunJournal} for the current stream: per run, the last sequence
 * written on this stream. A Welcome restarts every cursor at what the controller says it holds,
 * which is how events lost with a dropped stream are sent again, and acknowledged ones are not.
 *
 * <p>Confined to the stream context: not thread-safe.
 */
final class Outbox {
  private final RunJournal journal;
  private final Map<String, Long> sent = new HashMap<>();

  Outbox(RunJournal journal) {
    this.journal = journal;
  }

  /**
   * A new stream was welcomed. {@code acked} is Welcome.acked by run. A run the controller did not
   * mention is sent from its first held event.
   */
  void welcome(Map<String, Long> acked) {
    sent.clear();
    for (String runId : journal.openRuns().keySet()) {
      Long holds = acked.get(runId);
      journal.confirm(runId, holds);
      sent.put(runId, holds == null ? 0L : holds);
    }
  }

  /** EventAck: the controller persisted {@code runId} up to {@code sequence}. */
  void ack(String runId, long sequence) {
    journal.ack(runId, sequence);
    if (!journal.openRuns().containsKey(runId)) {
      sent.remove(runId);
    }
  }

  /** The next event to write on this stream (oldest run first), advancing its cursor; or null. */
  RunEvent next() {
    for (String runId : journal.openRuns().keySet()) {
      RunEvent event = journal.next(runId, sent.getOrDefault(runId, 0L));
      if (event != null) {
        sent.put(runId, event.getSequence());
        return event;
      }
    }
    return null;
  }
}
